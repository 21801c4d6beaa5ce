namespace SalesMate.Tests.Infrastructure;

/// <summary>Two app instances over real Kestrel on one throw-away database, as behind a load balancer.</summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(TestDatabase database, SalesMateFactory a, SalesMateFactory b)
    {
        Database = database;
        A = a;
        B = b;
        ClientA = a.CreateKestrelClient();
        ClientB = b.CreateKestrelClient();
    }

    public TestDatabase Database { get; }
    public SalesMateFactory A { get; }
    public SalesMateFactory B { get; }
    public HttpClient ClientA { get; }
    public HttpClient ClientB { get; }

    /// <param name="settings">Both instances' settings: what a shared deployment has in common (signing keys, the model).</param>
    public static async Task<TwoInstances> StartAsync(DatabaseKind kind, IReadOnlyDictionary<string, string> settings)
    {
        var database = await TestDatabase.CreateAsync(kind);
        return new TwoInstances(database, new SalesMateFactory(database, settings), new SalesMateFactory(database, settings));
    }

    public async ValueTask DisposeAsync()
    {
        ClientA.Dispose();
        ClientB.Dispose();
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Database.DisposeAsync();
    }
}
