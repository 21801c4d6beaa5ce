using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

/// <summary>Lookups, hits and misses of one cache over a period; the hit rate is null when nothing was looked up.</summary>
public sealed record CacheTotals(long Lookups, long Hits, long Misses, double? HitRate);

/// <summary>The answer cache (one lookup per knowledge question) and the embedding cache (per text embedded with a hosted model).</summary>
public sealed record CacheUsage(CacheTotals AnswerCache, CacheTotals EmbeddingCache);

/// <summary>Hit rates of the caches from cache_lookups, for the current tenant.</summary>
public sealed class CacheUsageRepository(SalesMateDbContext db)
{
    public async Task<CacheUsage> TotalsAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var sums = await db.CacheLookups.AsNoTracking()
            .Where(l => l.CreatedAt >= from && l.CreatedAt < to)
            .GroupBy(l => l.Cache)
            .Select(g => new { Cache = g.Key, Hits = g.Sum(l => (long)l.Hits), Misses = g.Sum(l => (long)l.Misses) })
            .ToListAsync(cancellationToken);
        CacheTotals Of(string cache)
        {
            var row = sums.FirstOrDefault(s => s.Cache == cache);
            var (hits, misses) = (row?.Hits ?? 0, row?.Misses ?? 0);
            return new CacheTotals(hits + misses, hits, misses, hits + misses == 0 ? null : Math.Round((double)hits / (hits + misses), 4));
        }
        return new CacheUsage(Of(CacheLookup.AnswerCache), Of(CacheLookup.EmbeddingCache));
    }
}
