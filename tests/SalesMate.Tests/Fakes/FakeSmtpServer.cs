using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SalesMate.Tests.Fakes;

/// <summary>
/// A small SMTP server on 127.0.0.1 (random port) speaking enough of RFC 5321 for a real client: greeting, EHLO/HELO
/// (advertising AUTH LOGIN), AUTH LOGIN, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT. Received
/// messages land in <see cref="Messages"/>. <see cref="RejectRecipients"/> answers RCPT with 550.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SmtpReceived> _messages = new();
    private readonly Task _accepting;

    private FakeSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public IReadOnlyList<SmtpReceived> Messages => [.. _messages];
    public bool RejectRecipients { get; set; }

    public static FakeSmtpServer Start() => new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake.smtp.test ESMTP ready");
        string? from = null, user = null, password = null;
        var recipients = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake.smtp.test greets you");
                    await writer.WriteLineAsync("250-8BITMIME");
                    await writer.WriteLineAsync("250-AUTH LOGIN");
                    await writer.WriteLineAsync("250 SIZE 10485760");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 fake.smtp.test");
                    break;
                case "AUTH":
                    // AUTH LOGIN, with the user name either on the same line (initial response) or after a 334 prompt.
                    var parts = line.Split(' ');
                    if (parts.Length > 2)
                    {
                        user = FromBase64(parts[2]);
                    }
                    else
                    {
                        await writer.WriteLineAsync("334 VXNlcm5hbWU6");
                        user = FromBase64(await reader.ReadLineAsync(_stop.Token));
                    }
                    await writer.WriteLineAsync("334 UGFzc3dvcmQ6");
                    password = FromBase64(await reader.ReadLineAsync(_stop.Token));
                    await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                    break;
                case "MAIL":
                    from = Address(line);
                    recipients.Clear();
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT":
                    if (RejectRecipients)
                    {
                        await writer.WriteLineAsync("550 5.1.1 Mailbox unavailable");
                        break;
                    }
                    recipients.Add(Address(line));
                    await writer.WriteLineAsync("250 2.1.5 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    _messages.Enqueue(new SmtpReceived(from ?? "", [.. recipients], data.ToString(), user, password));
                    await writer.WriteLineAsync($"250 2.0.0 OK queued as {Guid.NewGuid():N}");
                    break;
                case "RSET":
                case "NOOP":
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                    break;
            }
        }
    }

    private static string Address(string line) => line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];

    private static string? FromBase64(string? line) => line is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(line));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}

public sealed record SmtpReceived(string From, IReadOnlyList<string> Recipients, string Data, string? User, string? Password);
