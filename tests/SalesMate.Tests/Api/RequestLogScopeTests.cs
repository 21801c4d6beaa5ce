using System.Text.Json;
using Microsoft.Extensions.Logging;
using SalesMate.Config;
using SalesMate.Tests.Infrastructure;
using SalesMate.Utils;

namespace SalesMate.Tests.Api;

/// <summary>The log scopes of a request (request id, tenant and agent) reach the JSON log lines as properties.</summary>
public sealed class RequestLogScopeTests
{
    [Fact]
    public async Task The_request_log_line_carries_the_request_id_echoed_to_the_client()
    {
        var path = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"log-{Guid.NewGuid():N}.jsonl");
        string requestId;
        await using (var factory = new SalesMateFactory(await TestDatabase.CreateAsync(DatabaseKind.Sqlite),
            new Dictionary<string, string> { ["logging:path"] = path, ["logging:console"] = "false", ["logging:level"] = "INFO" }))
        {
            var response = await factory.CreateKestrelClient().GetAsync("/health");
            requestId = response.Headers.GetValues("X-Request-Id").Single();
        }

        var lines = ReadLines(path);
        File.Delete(path);
        lines.Should().Contain(l => l.GetProperty("message").GetString()!.StartsWith("GET /health ", StringComparison.Ordinal)
                                    && l.GetProperty("request_id").GetString() == requestId);
    }

    [Fact]
    public void Scope_properties_given_as_key_value_pairs_become_log_properties()
    {
        var path = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"log-{Guid.NewGuid():N}.jsonl");
        var tenantId = Guid.NewGuid();
        using (var serilog = LoggingSetup.CreateLogger(new LoggingOptions { Path = path, Console = false }))
        using (var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(serilog))
        {
            var logger = loggers.CreateLogger("test");
            using (logger.BeginScope(new KeyValuePair<string, object>[] { new("TenantId", tenantId), new("Agent", "sales") }))
            {
                logger.LogInformation("inside");
            }
        }

        var line = ReadLines(path).Single(l => l.GetProperty("message").GetString() == "inside");
        File.Delete(path);
        line.GetProperty("tenant_id").GetString().Should().Be(tenantId.ToString());
        line.GetProperty("agent").GetString().Should().Be("sales");
    }

    [Fact]
    public void A_secret_named_property_is_redacted_in_the_message_too()
    {
        var path = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"log-{Guid.NewGuid():N}.jsonl");
        const string canary = "sk-log-canary-0123456789abcdef";
        using (var serilog = LoggingSetup.CreateLogger(new LoggingOptions { Path = path, Console = false }))
        using (var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(serilog))
        {
            var logger = loggers.CreateLogger("test");
#pragma warning disable CA2253 // the property names are what is tested
            logger.LogInformation("Calling with {ApiKey} for {SessionToken} as {User}", canary, canary + "-session", "jane");
            logger.LogInformation("Settings {@Provider}", new { Name = "openai", ApiKey = canary });
#pragma warning restore CA2253
        }

        var text = string.Concat(ReadLines(path).Select(l => l.GetRawText()));
        File.Delete(path);
        text.Should().NotContain(canary);
        text.Should().Contain("Calling with [redacted] for [redacted] as jane").And.Contain("openai");
    }

    [Fact]
    public void Entity_Frameworks_own_error_line_for_a_write_conflict_is_left_out_and_other_failures_stay()
    {
        var path = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"log-{Guid.NewGuid():N}.jsonl");
        using (var serilog = LoggingSetup.CreateLogger(new LoggingOptions { Path = path, Console = false }))
        using (var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(serilog))
        {
            var ef = loggers.CreateLogger("Microsoft.EntityFrameworkCore.Update");
            ef.LogError(new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException("conflict"), "save failed: concurrency");
            ef.LogError(new Microsoft.EntityFrameworkCore.DbUpdateException("wrapped",
                new Microsoft.Data.Sqlite.SqliteException("UNIQUE constraint failed", 19, 2067)), "save failed: unique");
            ef.LogError(new Microsoft.EntityFrameworkCore.DbUpdateException("disk I/O error"), "save failed: other");
            loggers.CreateLogger("SalesMate.Services.Test").LogError(new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException("ours"),
                "our own conflict line");
        }

        var messages = ReadLines(path).Select(l => l.GetProperty("message").GetString()).ToList();
        messages.Should().NotContain("save failed: concurrency").And.NotContain("save failed: unique");
        messages.Should().Contain("save failed: other").And.Contain("our own conflict line");
    }

    /// <summary>The day's file (Serilog adds the date to the name) as parsed JSON lines.</summary>
    private static List<JsonElement> ReadLines(string path)
    {
        var pattern = Path.GetFileNameWithoutExtension(path) + "*" + Path.GetExtension(path);
        return Directory.GetFiles(Path.GetDirectoryName(path)!, pattern)
            .SelectMany(file => { var text = File.ReadAllLines(file); File.Delete(file); return text; })
            .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
