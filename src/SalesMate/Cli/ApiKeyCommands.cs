using System.CommandLine;
using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Services.OpenAiCompat;

namespace SalesMate.Cli;

/// <summary>
/// `salesmate api-keys create|list|revoke`: keys for the OpenAI-compatible API (/v1) and /api/v1/usage, for the default tenant. Output is plain
/// lines (no tables or wrapping) so scripts can read it.
/// </summary>
internal static class ApiKeyCommands
{
    public static Command Create()
    {
        var command = new Command("api-keys", "Manage the default tenant's API keys: the OpenAI-compatible API (/v1/models, /v1/chat/completions) and GET /api/v1/usage.");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Command CreateKey()
    {
        var name = new Option<string>("--name") { Description = "What the key is for (1-100 characters), e.g. \"website widget\".", Required = true };
        var command = new Command("create", "Create an API key and print it. The key is shown this one time only; only its hash is stored.") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var value = parse.GetValue(name) ?? "";
            if (ApiKeyService.NameProblem(value) is { } problem)
            {
                Console.WriteLine($"--name: {problem}");
                return 2;
            }
            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var (key, secret) = await host.Get<ApiKeyService>().CreateAsync(value, cancellationToken);
            Console.WriteLine($"Created API key '{key.Name}' for tenant {host.DefaultTenant}.");
            Console.WriteLine($"Id {key.Id}, prefix {key.Prefix}. Copy the key now; it cannot be shown again:");
            Console.WriteLine(secret);
            Console.WriteLine("Send it as 'Authorization: Bearer <key>' to the base URL http://<host>/v1 (OpenAI clients: api_key and base_url).");
            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var command = new Command("list", "List the default tenant's API keys (prefix, name, created, last used, status). Keys themselves are never shown.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var keys = await host.Get<ApiKeyService>().ListAsync(cancellationToken);
            if (keys.Count == 0)
            {
                Console.WriteLine($"Tenant {host.DefaultTenant} has no API keys. Create one with: salesmate api-keys create --name NAME");
                return 0;
            }
            // Plain lines rather than a table, so nothing wraps or gets cut whatever the terminal width.
            Console.WriteLine($"API keys of tenant {host.DefaultTenant} (times UTC):");
            foreach (var key in keys)
            {
                var status = key.RevokedAt is { } revoked ? $"revoked {Time(revoked)}" : "active";
                Console.WriteLine($"  {key.Prefix}  {status,-24}  created {Time(key.CreatedAt)}  last used " +
                    $"{(key.LastUsedAt is { } used ? Time(used) : "never"),-16}  id {key.Id}  {key.Name}");
            }
            return 0;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var target = new Argument<string>("ID|PREFIX") { Description = "The key's id or prefix (as `api-keys list` shows them), or the whole key." };
        var command = new Command("revoke", "Revoke an API key: requests with it get 401 from then on. This cannot be undone.") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var result = await host.Get<ApiKeyService>().RevokeAsync(parse.GetValue(target) ?? "", cancellationToken);
            switch (result.Outcome)
            {
                case RevokeOutcome.Revoked:
                    Console.WriteLine($"Revoked {Describe(result.Keys[0])}.");
                    return 0;
                case RevokeOutcome.AlreadyRevoked:
                    Console.WriteLine($"{Describe(result.Keys[0])} was already revoked.");
                    return 0;
                case RevokeOutcome.Ambiguous:
                    Console.WriteLine($"Several keys match; revoke one by id: {string.Join(", ", result.Keys.Select(k => k.Id))}.");
                    return 1;
                default:
                    Console.WriteLine($"No API key of tenant {host.DefaultTenant} has that id or prefix (see: salesmate api-keys list).");
                    return 1;
            }
        });
        return command;
    }

    private static string Describe(ApiKey key) => $"API key '{key.Name}' ({key.Prefix}, id {key.Id})";

    private static string Time(DateTime value) => value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
