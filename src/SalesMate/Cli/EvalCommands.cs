using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Services.Rag.Evaluation;
using Spectre.Console;

namespace SalesMate.Cli;

internal static class EvalCommands
{
    public static Command Create()
    {
        var eval = new Command("eval", "Measure the assistant against labelled sets.");
        eval.Subcommands.Add(Retrieval());
        return eval;
    }

    private static Command Retrieval()
    {
        var queries = new Option<FileInfo>("--queries") { Description = "Queries: one 'id<TAB>text' per line (# for comments).", Required = true };
        var qrels = new Option<FileInfo>("--qrels") { Description = "TREC qrels: 'query-id 0 item-id grade' per line (grade 2 answers it, 1 related).", Required = true };
        var target = new Option<string>("--target")
        {
            Description = "What is searched: products (item ids are SKUs of the tenant's catalog) or documents (item ids are file#section).",
            DefaultValueFactory = _ => "documents",
        };
        target.AcceptOnlyFromAmong("products", "documents");
        var documents = new Option<DirectoryInfo?>("--documents")
        {
            Description = "Markdown files indexed into the '{tenant}/eval' namespace for --target documents (default: {app.data_dir}/documents).",
        };
        var perQuery = new Option<bool>("--per-query") { Description = "Also print each query's scores and top results per mode." };
        var command = new Command("retrieval",
            "nDCG@10, Recall@10 and MRR of BM25-only, vector-only and hybrid retrieval, side by side, for the default tenant.")
        {
            queries, qrels, target, documents, perQuery,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            EvaluationSet set;
            try
            {
                set = EvaluationSet.Read(parse.GetValue(queries)!.FullName, parse.GetValue(qrels)!.FullName);
            }
            catch (Exception ex) when (ex is FormatException or IOException)
            {
                AnsiConsole.MarkupLine($"[red]Cannot read the evaluation set:[/] {Markup.Escape(ex.Message)}");
                return 2;
            }
            await using var host = await CliHost.StartAsync(cancellationToken);
            var initializer = host.Get<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            await initializer.SeedDemoAsync(null, cancellationToken);
            var db = host.Get<SalesMateDbContext>();
            var slug = host.DefaultTenant;
            var embeddings = host.Get<EmbeddingService>();
            Func<string, RetrievalMode, CancellationToken, Task<IReadOnlyList<string>>> search;
            if (parse.GetValue(target) == "products")
            {
                var products = host.Get<ProductRetriever>();
                search = async (text, mode, ct) => [.. (await products.SearchAsync(db, new ProductQuery(text) { Mode = mode, TopK = RetrievalEvaluator.Depth }, ct))
                    .Select(p => p.Product.Sku)];
            }
            else
            {
                var folder = parse.GetValue(documents)?.FullName ?? Path.Combine(host.Get<IOptions<AppOptions>>().Value.DataDir, "documents");
                if (!Directory.Exists(folder))
                {
                    AnsiConsole.MarkupLine($"[red]No such folder:[/] {Markup.Escape(folder)}");
                    return 2;
                }
                var ns = KnowledgeNamespaces.For(slug, "eval");
                var passages = await EvaluationDocuments.IndexAsync(db, host.Get<IKnowledgeIndexer>(), folder, ns, host.Get<TimeProvider>(), cancellationToken);
                AnsiConsole.MarkupLine($"Indexed {passages} passages from {Markup.Escape(folder)} into namespace {Markup.Escape(ns)}.");
                var retriever = host.Get<KnowledgeRetriever>();
                search = async (text, mode, ct) => [.. (await retriever.RetrieveAsync(db, new KnowledgeQuery(text, ns) { Mode = mode, TopK = 30 }, ct))
                    .Select(RetrievalEvaluator.PassageId).Distinct().Take(RetrievalEvaluator.Depth)];
            }

            var results = await RetrievalEvaluator.EvaluateAsync(set, search, cancellationToken);
            Print(results, set, parse.GetValue(target)!, embeddings, db, parse.GetValue(perQuery),
                host.Get<IOptions<RetrievalOptions>>().Value.MemoryFullTextMinPassages);
            return 0;
        });
        return command;
    }

    private static void Print(IReadOnlyList<ModeScores> results, EvaluationSet set, string target, EmbeddingService embeddings,
        SalesMateDbContext db, bool perQuery, int memoryFullTextMinPassages)
    {
        string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
        var judged = results.Count > 0 ? results[0].Queries.Count : 0;
        AnsiConsole.MarkupLine($"Target {target}: {judged} judged queries of {set.Queries.Count}; embeddings {Markup.Escape(embeddings.ModelKey)} " +
                               $"({Markup.Escape(embeddings.Provider)}); full text on {(db.Database.IsNpgsql() ? "PostgreSQL ts_rank" : "SQLite FTS5 bm25")}, " +
                               $"in process (FTS5's bm25) for namespaces from {memoryFullTextMinPassages:N0} passages.");
        var table = new Table().AddColumns("Mode", "nDCG@10", "Recall@10", "MRR");
        foreach (var mode in results)
        {
            table.AddRow(Name(mode.Mode), F(mode.Ndcg), F(mode.Recall), F(mode.Mrr));
        }
        AnsiConsole.Write(table);
        if (!perQuery)
        {
            return;
        }
        var details = new Table().AddColumns("Query", "Mode", "nDCG@10", "RR", "Top 3");
        foreach (var query in set.Queries)
        {
            foreach (var mode in results)
            {
                if (mode.Queries.FirstOrDefault(q => q.QueryId == query.Id) is { } score)
                {
                    details.AddRow(Markup.Escape(query.Id), Name(mode.Mode), F(score.Ndcg), F(score.ReciprocalRank),
                        Markup.Escape(string.Join(", ", score.Top.Take(3))));
                }
            }
        }
        AnsiConsole.Write(details);
    }

    private static string Name(RetrievalMode mode) => mode switch
    {
        RetrievalMode.FullText => "BM25 only",
        RetrievalMode.Vector => "vector only",
        _ => "hybrid (RRF)",
    };
}
