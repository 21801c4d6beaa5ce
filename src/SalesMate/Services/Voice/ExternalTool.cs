using System.ComponentModel;
using System.Diagnostics;

namespace SalesMate.Services.Voice;

/// <summary>Runs a local engine (ffmpeg, pocketsphinx, espeak-ng) with stdin/stdout as bytes, a timeout, and a clear error when missing.</summary>
public static class ExternalTool
{
    public sealed record Output(byte[] Stdout, string Stderr, int ExitCode);

    public static async Task<Output> RunAsync(string file, IEnumerable<string> arguments, byte[]? stdin, TimeSpan timeout,
        string debianPackage, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new VoiceProviderException("engine_missing",
                $"{file} is not installed: install the Debian package {debianPackage} (apt-get install -y {debianPackage}).", ex);
        }
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var stdout = new MemoryStream();
            var readOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeoutSource.Token);
            var readErr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            if (stdin is not null)
            {
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(stdin, timeoutSource.Token);
                }
                catch (IOException)
                {
                    // The tool stopped reading (bad input): its exit code and stderr say why.
                }
            }
            process.StandardInput.Close();
            await readOut;
            var stderr = await readErr;
            await process.WaitForExitAsync(timeoutSource.Token);
            return new Output(stdout.ToArray(), stderr, process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            throw new VoiceProviderException("engine_timeout", $"{file} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }
}
