namespace SalesMate.Database;

/// <summary>
/// An EF compiled query per database provider. EF binds a compiled query to the model of the first context that runs
/// it, and one process can hold a SQLite and a PostgreSQL app (the tests do), so each provider gets its own.
/// </summary>
internal sealed class CompiledPerProvider<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly TQuery _sqlite = compile();
    private readonly TQuery _postgres = compile();

    public TQuery For(SalesMateDbContext db) => db.IsPostgres ? _postgres : _sqlite;
}
