using System.Net.Http.Json;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Cli;

/// <summary>The CLI as users run it: a separate process against the same database the web app serves.</summary>
public abstract class CliTests(AppFixture fixture)
{
    private async Task<(int Total, ProductResponse First)> CatalogAsync()
    {
        var page = await fixture.Client.GetFromJsonAsync<PageResponse<ProductResponse>>("/api/v1/products?sort=name_asc&page_size=1", SalesMateFactory.Json);
        return (page!.Total, page.Items[0]);
    }

    [Fact]
    public async Task Import_with_a_bad_row_reports_line_numbers_and_changes_nothing()
    {
        var (totalBefore, first) = await CatalogAsync();
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        object Row(string sku, string name, string brand, string category, decimal price, string currency) =>
            new { sku, name, brand, category, price, currency, stock = 3 };
        var rows = new[]
        {
            Row(first.Sku, first.Name, first.Brand, first.Category, 1.00m, "USD"),
            Row("NEW-GOOD-1", "New Good Laptop", "Acme", "Laptops", 999m, "USD"),
            Row("NEW-BAD-1", "Bad Price", "Acme", "Laptops", -5m, "USD"),
            Row("", "No Sku", "Acme", "Laptops", 10m, "dollars"),
        };
        // One product per line, so the bad ones sit on lines 4 and 5.
        await File.WriteAllTextAsync(file, "[\n" + string.Join(",\n", rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r))) + "\n]\n");

        var result = await CliRunner.RunAsync(CliRunner.DatabaseEnvironment(fixture.Factory.Database), "import-products", file);

        result.ExitCode.Should().Be(1, result.Output);
        result.Output.Should().Contain("price must be a number").And.Contain("sku is required").And.Contain("currency must be");
        result.Output.Should().MatchRegex(@"\b4\b.*NEW-BAD-1", "the bad row is reported with its line number");
        var (totalAfter, firstAfter) = await CatalogAsync();
        totalAfter.Should().Be(totalBefore);
        firstAfter.Price.Should().Be(first.Price);
    }

    [Fact]
    public async Task Csv_import_upserts_by_sku_and_chat_sees_the_new_product()
    {
        var file = Path.Combine(Path.GetTempPath(), $"good-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, """
            sku,name,brand,category,price,currency,stock,rating,description,specs,tags
            TEST-QUANTUM-1,Quantum Flux Notebook 14,Fluxcorp,Laptops,777.00,USD,9,4.9,A test laptop.,"RAM: 32GB; Storage: 2TB SSD",student|lightweight
            """);
        var result = await CliRunner.RunAsync(CliRunner.DatabaseEnvironment(fixture.Factory.Database), "import-products", file);
        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("1 created");

        var search = await fixture.Client.GetFromJsonAsync<ProductSearchResponse>("/api/v1/products/search?q=quantum%20flux", SalesMateFactory.Json);
        search!.Results.Should().NotBeEmpty();
        search.Results[0].Product.Sku.Should().Be("TEST-QUANTUM-1");
        search.Results[0].Product.Specs["RAM"].Should().Be("32GB");

        await File.WriteAllTextAsync(file, """
            sku,name,brand,category,price,currency,stock
            TEST-QUANTUM-1,Quantum Flux Notebook 14,Fluxcorp,Laptops,699.00,USD,4
            """);
        var update = await CliRunner.RunAsync(CliRunner.DatabaseEnvironment(fixture.Factory.Database), "import-products", file);
        update.Output.Should().Contain("1 updated");
        var updated = await fixture.Client.GetFromJsonAsync<ProductSearchResponse>("/api/v1/products/search?q=quantum%20flux", SalesMateFactory.Json);
        updated!.Results[0].Product.Price.Should().Be(699.00m);
    }

    [Fact]
    public async Task A_wrong_setting_stops_with_a_message_naming_it()
    {
        var environment = CliRunner.DatabaseEnvironment(fixture.Factory.Database);
        environment["LLM__PROVIDER"] = "gpt-magic";
        environment["CHAT__INACTIVITY_MINUTES"] = "0";
        var result = await CliRunner.RunAsync(environment, "test-connections");
        result.ExitCode.Should().Be(2);
        result.Output.Should().Contain("llm.provider must be one of local, openai, openrouter, ollama, openai-compatible; got 'gpt-magic'");
        result.Output.Should().Contain("chat.inactivity_minutes");

        var wrongType = CliRunner.DatabaseEnvironment(fixture.Factory.Database);
        wrongType["CHAT__MAX_PRODUCTS"] = "three";
        var typed = await CliRunner.RunAsync(wrongType, "test-connections");
        typed.ExitCode.Should().Be(2, typed.Output);
        typed.Output.Should().Contain("chat:max_products");
    }

    [Fact]
    public async Task Yaml_settings_apply_and_environment_variables_override_them()
    {
        var yaml = Path.Combine(Path.GetTempPath(), $"salesmate-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(yaml, """
            app:
              name: SalesBot
            chat:
              inactivity_minutes: 0
              input:
                submit_shortcut: ctrl+enter
            llm:
              provider: local
            """);
        var environment = CliRunner.DatabaseEnvironment(fixture.Factory.Database);
        environment["SALESMATE_CONFIG"] = yaml;
        var fromYaml = await CliRunner.RunAsync(environment, "test-connections");
        fromYaml.ExitCode.Should().Be(2, fromYaml.Output);
        fromYaml.Output.Should().Contain("chat.inactivity_minutes must be between 1 and 10080; got 0");

        environment["CHAT__INACTIVITY_MINUTES"] = "15";
        var overridden = await CliRunner.RunAsync(environment, "test-connections");
        overridden.ExitCode.Should().Be(0, overridden.Output);
    }

    [Fact]
    public async Task Skip_invalid_imports_the_good_rows_only()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mixed-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, """
            sku,name,brand,category,price,currency,stock
            TEST-SKIP-GOOD,Skipper Tablet 11,Skipco,Tablets,329.00,USD,4
            TEST-SKIP-BAD,Broken Tablet,Skipco,Tablets,not-a-price,USD,4
            """);
        var result = await CliRunner.RunAsync(CliRunner.DatabaseEnvironment(fixture.Factory.Database), "import-products", file, "--skip-invalid");
        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("1 created").And.Contain("1 skipped").And.Contain("not-a-price");
        var search = await fixture.Client.GetFromJsonAsync<ProductSearchResponse>("/api/v1/products/search?q=skipco", SalesMateFactory.Json);
        search!.Results.Select(r => r.Product.Sku).Should().Equal("TEST-SKIP-GOOD");
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (var command in new[] { "serve", "migrate", "seed", "import-products", "seed-personas", "migrate-personas", "test-connections", "chat" })
        {
            var result = await CliRunner.RunAsync(new Dictionary<string, string>(), command, "--help");
            result.ExitCode.Should().Be(0, command);
            result.Output.Should().Contain("Usage:").And.Contain(command);
        }
    }

    [Fact]
    public async Task Terminal_chat_answers_from_the_catalog()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestEnvironment.RepoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "salesmate.dll"));
        start.ArgumentList.Add("chat");
        start.ArgumentList.Add("--persona");
        start.ArgumentList.Add("gamer");
        foreach (var (key, value) in CliRunner.DatabaseEnvironment(fixture.Factory.Database))
        {
            start.Environment[key] = value;
        }
        var log = Path.Combine(Path.GetTempPath(), $"salesmate-chat-{Guid.NewGuid():N}.jsonl");
        start.Environment["LOGGING__PATH"] = log;
        start.Environment["LOGGING__LEVEL"] = "INFO";
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("show me a gaming monitor under $500");
        await process.StandardInput.WriteLineAsync("/quit");
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, output + await process.StandardError.ReadToEndAsync());
        output.Should().Contain("Enthusiast").And.Contain("gaming monitors under $500");
        output.Should().MatchRegex(@"\$\d");

        // JSON lines with the turn's facts, never the shopper's words.
        var lines = await File.ReadAllLinesAsync(Directory.GetFiles(Path.GetDirectoryName(log)!, Path.GetFileNameWithoutExtension(log) + "*").Single());
        var events = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        events.Should().OnlyContain(e => HasLogFields(e));
        var turn = events.Single(e => e.GetProperty("event").GetString()!.StartsWith("Chat turn", StringComparison.Ordinal));
        turn.GetProperty("conversation_id").GetString().Should().NotBeNullOrEmpty();
        turn.GetProperty("latency_ms").GetDouble().Should().BePositive();
        string.Join('\n', lines).Should().NotContain("gaming monitor under");
    }

    private static bool HasLogFields(System.Text.Json.JsonElement e) =>
        e.TryGetProperty("timestamp", out var _1) && e.TryGetProperty("level", out var _2) && e.TryGetProperty("event", out var _3);
}

[Collection("sqlite")]
public sealed class SqliteCliTests(SqliteAppFixture fixture) : CliTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresCliTests(PostgresAppFixture fixture) : CliTests(fixture), IClassFixture<PostgresAppFixture>;

/// <summary>CLI behaviour that needs no running app: each test brings its own empty SQLite database.</summary>
public sealed class CliWithoutAppTests
{
    [Fact]
    public async Task A_data_dir_without_the_demo_files_stops_the_seed_with_a_message_naming_the_setting()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"salesmate-nodata-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var environment = new Dictionary<string, string>
        {
            ["DATABASE__PROVIDER"] = "sqlite",
            ["DATABASE__CONNECTION_STRING"] = $"Data Source={Path.Combine(folder, "salesmate.db")}",
            ["APP__DATA_DIR"] = Path.Combine(folder, "data"),
        };

        var result = await CliRunner.RunAsync(environment, "seed");
        Directory.Delete(folder, recursive: true);

        result.ExitCode.Should().Be(2, result.Output);
        result.Output.Should().Contain("Configuration error").And.Contain("app.data_dir")
            .And.Contain(Path.Combine(folder, "data", "products", "products.json"));
        result.Output.Should().NotContain("Unhandled exception").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_mistyped_command_or_option_is_refused_instead_of_serving_or_being_ignored()
    {
        var (environment, folder) = EmptyDatabase();
        environment["PORT"] = "0"; // without the check, `migarte` would start the web app

        var command = await CliRunner.RunAsync(environment, "migarte");
        var option = await CliRunner.RunAsync(environment, "migrate", "--dry-rnu");
        var nested = await CliRunner.RunAsync(environment, "api-keys", "list", "--all");
        Directory.Delete(folder, recursive: true);

        command.ExitCode.Should().Be(2, command.Output);
        command.Output.Should().Contain("Unknown command 'migarte'").And.Contain("salesmate --help");
        option.ExitCode.Should().Be(2, option.Output);
        option.Output.Should().Contain("Unrecognized argument for 'migrate': --dry-rnu").And.NotContain("up to date");
        nested.ExitCode.Should().Be(2, nested.Output);
        nested.Output.Should().Contain("'api-keys list': --all").And.Contain("salesmate api-keys list --help");
    }

    [Fact]
    public async Task An_unknown_option_is_refused_in_one_line_with_exit_code_2_while_section_key_settings_still_reach_the_app()
    {
        var (environment, folder) = EmptyDatabase();
        // A bad setting stops the app at start-up: an option passed on to the app shows as this error, not as a hang.
        environment["CHAT__MAX_PRODUCTS"] = "99";

        var root = await CliRunner.RunAsync(environment, "--unknown-option");
        var serve = await CliRunner.RunAsync(environment, "serve", "--no-such-flag", "yes");
        var spaced = await CliRunner.RunAsync(environment, "serve", "--llm:provider", "local");
        var setting = await CliRunner.RunAsync(environment, "serve", "--urls", "http://127.0.0.1:0", "--environment", "Production",
            "--chat:max_products=98");
        Directory.Delete(folder, recursive: true);

        root.ExitCode.Should().Be(2, root.Output);
        OneLine(root).Should().StartWith("Unknown option '--unknown-option' for 'salesmate'.").And.Contain("--section:key=value");
        serve.ExitCode.Should().Be(2, serve.Output);
        OneLine(serve).Should().StartWith("Unknown option '--no-such-flag' for 'salesmate serve'.").And.Contain("salesmate serve --help");
        spaced.ExitCode.Should().Be(2, spaced.Output);
        OneLine(spaced).Should().StartWith("Unknown option '--llm:provider'");
        setting.ExitCode.Should().Be(2, setting.Output);
        setting.Output.Should().Contain("chat.max_products must be between 1 and 10; got 98", "--urls, --environment and the setting reach the app");
    }

    [Fact]
    public async Task Help_explains_how_settings_are_given()
    {
        var help = await CliRunner.RunAsync(new Dictionary<string, string>(), "serve", "--help");

        help.ExitCode.Should().Be(0, help.Output);
        help.Output.Should().Contain("--section:key=value").And.Contain("--urls").And.Contain("--environment");
    }

    private static string OneLine(CliResult result) => result.Output.Trim().Split('\n').Should().ContainSingle().Subject;

    [Fact]
    public async Task Chat_with_an_unknown_persona_says_so_without_a_stack_trace()
    {
        var (environment, folder) = EmptyDatabase();

        var result = await CliRunner.RunAsync(environment, "chat", "--persona", "no-such-shopper");
        Directory.Delete(folder, recursive: true);

        result.ExitCode.Should().Be(2, result.Output);
        result.Output.Should().Contain("Persona 'no-such-shopper' was not found");
        result.Output.Should().NotContain("Unhandled exception").And.NotContain("   at ");
    }

    private static (Dictionary<string, string> Environment, string Folder) EmptyDatabase()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"salesmate-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return (new Dictionary<string, string>
        {
            ["DATABASE__PROVIDER"] = "sqlite",
            ["DATABASE__CONNECTION_STRING"] = $"Data Source={Path.Combine(folder, "salesmate.db")}",
        }, folder);
    }
}
