using System.Data.Common;
using Npgsql;

namespace SalesMate.Database;

/// <summary>
/// Adds Npgsql's automatic preparation to the app's PostgreSQL connection string unless the string sets it. A prepared
/// statement skips parsing and planning on the server; Npgsql prepares per statement, so the row-level-security
/// <c>SET</c>s in front of a query do not stop the query itself from being prepared. See docs/decisions/0012a-postgres-round-trips.md.
/// </summary>
public static class NpgsqlAutoPrepare
{
    private const string MaxKey = "maxautoprepare";
    private const string MinUsagesKey = "autoprepareminusages";

    public static string Apply(string connectionString, int maxAutoPrepare, int minUsages)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        if (keys.Contains(MaxKey) && keys.Contains(MinUsagesKey))
        {
            return connectionString;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!keys.Contains(MaxKey))
        {
            builder.MaxAutoPrepare = maxAutoPrepare;
        }
        if (!keys.Contains(MinUsagesKey))
        {
            builder.AutoPrepareMinUsages = minUsages;
        }
        return builder.ConnectionString;
    }
}
