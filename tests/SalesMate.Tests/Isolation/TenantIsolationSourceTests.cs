using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Isolation;

/// <summary>
/// Tenant isolation lives in one place (the DbContext's query filters and, on PostgreSQL, row-level security). Code under
/// src/ that steps around it must be in <see cref="TenantIsolationAllowList"/> with a reason.
/// </summary>
public sealed class TenantIsolationSourceTests
{
    private static readonly string AllowListPath = "tests/SalesMate.Tests/Isolation/TenantIsolationAllowList.cs";

    [Fact]
    public void Code_outside_the_allow_list_does_not_step_around_tenant_isolation()
    {
        var findings = SourceFiles().SelectMany(f => SourceScanner.Scan(f.Path, f.Text)).ToList();

        var violations = findings.Where(f => !TenantIsolationAllowList.Files.ContainsKey(f.File))
            .Select(f => $"{f.File}:{f.Line}: {f.Code}\n    {Explain(f.Risk)}")
            .ToList();
        var missingBypass = findings.Where(f => f.Risk == IsolationRisk.IgnoreQueryFilters)
            .Select(f => f.File).Distinct()
            .Where(file => !findings.Any(f => f.File == file && f.Risk == IsolationRisk.CrossTenantJob))
            .Select(file => $"{file}: uses IgnoreQueryFilters but opens no cross-tenant job; on PostgreSQL row-level security would " +
                            "still hide other tenants' rows. Wrap the query in `using (tenantContext.AcrossTenants(CrossTenantJob.X))`.")
            .ToList();

        violations.Concat(missingBypass).Should().BeEmpty(
            "tenant isolation may only be bypassed in allow-listed files. Fix: drop IgnoreQueryFilters and let the query filter " +
            "apply (look rows up by tenant and id); give raw SQL a `tenant_id = <current tenant>` predicate; or, for a genuinely " +
            $"cross-tenant job, add a CrossTenantJob member and the file with a one-line reason to {AllowListPath}");
    }

    [Fact]
    public void Every_allow_list_entry_is_still_needed()
    {
        var flagged = SourceFiles().Where(f => SourceScanner.Scan(f.Path, f.Text).Any()).Select(f => f.Path).ToHashSet();

        TenantIsolationAllowList.Files.Keys.Where(file => !flagged.Contains(file))
            .Should().BeEmpty($"these files no longer bypass tenant isolation (or moved); remove them from {AllowListPath}");
    }

    [Fact]
    public void The_scanner_finds_bypasses_in_code_but_not_in_comments_and_accepts_sql_with_a_tenant_predicate()
    {
        const string source = """
            // db.Products.IgnoreQueryFilters() in a comment
            /* db.Database.ExecuteSqlRaw("DELETE FROM products") */
            var all = db.Products.IgnoreQueryFilters().ToList();
            var text = "IgnoreQueryFilters() in a string";
            using var job = tenant.AcrossTenants(CrossTenantJob.StreamJanitor);
            db.Database.ExecuteSqlRaw("DELETE FROM products; -- everything");
            db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM products WHERE tenant_id = {tenantId}");
            command.CommandText = @"SELECT * FROM users";
            command.CommandText = "SELECT * FROM users WHERE tenant_id = @t";
            await using var raw = new NpgsqlCommand("SELECT 1", connection);
            """;

        SourceScanner.Scan("x.cs", source).Select(f => (f.Line, f.Risk)).Should().Equal(
            (3, IsolationRisk.IgnoreQueryFilters),
            (5, IsolationRisk.CrossTenantJob),
            (6, IsolationRisk.RawSql),
            (8, IsolationRisk.AdoCommand),
            (10, IsolationRisk.AdoCommand));
    }

    private static string Explain(IsolationRisk risk) => risk switch
    {
        IsolationRisk.IgnoreQueryFilters => "IgnoreQueryFilters() turns off the tenant filter.",
        IsolationRisk.CrossTenantJob => "AcrossTenants() lifts row-level security for every tenant.",
        IsolationRisk.RawSql => "Raw SQL without a `tenant_id = ...` predicate.",
        _ => "ADO.NET command without a `tenant_id = ...` predicate.",
    };

    private static IEnumerable<(string Path, string Text)> SourceFiles()
    {
        var src = Path.Combine(TestEnvironment.RepoRoot, "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(TestEnvironment.RepoRoot, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, path))));
    }
}
