using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag.Answers;

/// <summary>A fresh start with the demo seed (as ./run.sh does) answers the laptop warranty question from data/documents.</summary>
[Collection("sqlite")]
public sealed class DemoKnowledgeBaseTests
{
    [Fact]
    public async Task A_fresh_demo_answers_the_laptop_warranty_question_with_its_source()
    {
        var uploads = Path.Combine(Path.GetTempPath(), "salesmate-tests", "uploads-" + Guid.NewGuid().ToString("N"));
        await using var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var app = new SalesMateFactory(database, new Dictionary<string, string> { ["demo:documents"] = "true", ["rag:upload_dir"] = uploads });
        using var client = app.CreateKestrelClient();
        try
        {
            var files = Directory.GetFiles(Path.Combine(TestEnvironment.RepoRoot, "data", "documents")).Length;
            var demo = await app.TenantIdAsync("demo");
            var ready = await app.InTenantAsync(demo, (_, db) => db.Documents.CountAsync(d => d.Namespace == "demo/sales" && d.Status == "ready"));
            ready.Should().Be(files, "every demo document is in the demo tenant's sales knowledge base");

            var visitor = await Visitor.StartAsync(client, tenant: null);
            var answer = await visitor.AskAsync("how long is the warranty on laptops?");

            answer.GetProperty("answer").GetString().Should().Contain("two-year manufacturer warranty");
            answer.GetProperty("sources")[0].GetProperty("title").GetString().Should().Be("Warranty Policy");
            answer.GetProperty("sources")[0].GetProperty("section").GetString().Should().EndWith("Laptops");
        }
        finally
        {
            if (Directory.Exists(uploads))
            {
                Directory.Delete(uploads, recursive: true);
            }
        }
    }
}
