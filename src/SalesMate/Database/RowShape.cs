using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SalesMate.Core.Entities;

namespace SalesMate.Database;

/// <summary>
/// How an entity type's rows are written by plain INSERT and UPDATE statements (<see cref="SingleCommandSave"/>): its
/// table, its columns in model order, its key, and its place in foreign-key order. Null for a type that needs
/// SaveChanges: an inheritance hierarchy, owned or complex parts, a table shared with another type, a shadow property,
/// more than one concurrency token, or a value the database generates (only a Guid key, which EF sets when the row is added, is allowed).
/// </summary>
/// <param name="Table">The table the rows go to.</param>
/// <param name="Columns">Every mapped property, in model order.</param>
/// <param name="ColumnNames">Undelimited column names, parallel to <paramref name="Columns"/>.</param>
/// <param name="Key">The primary key.</param>
/// <param name="Tenant">The tenant column of an <see cref="ITenantOwned"/> row: every UPDATE names it next to the key.</param>
/// <param name="Rank">Inserted after every type it references: one more than the highest rank of its principals.</param>
/// <param name="ConcurrencyToken">A column every UPDATE also names with the value read (<see cref="Core.Entities.Lead.Version"/>).</param>
internal sealed record RowShape(StoreObjectIdentifier Table, IProperty[] Columns, string[] ColumnNames, IProperty[] Key, IProperty? Tenant, int Rank,
    IProperty? ConcurrencyToken)
{
    private static readonly ConcurrentDictionary<IEntityType, RowShape?> Shapes = new();

    public static RowShape? Of(IEntityType type) => Shapes.GetOrAdd(type, Build);

    private static RowShape? Build(IEntityType type)
    {
        if (type.GetTableName() is not { } tableName || type.BaseType is not null || type.GetDerivedTypes().Any() || type.IsOwned()
            || type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            || type.GetTableMappings().ToList() is not [{ Table.EntityTypeMappings: var mappings }] || mappings.Count() != 1
            || type.GetForeignKeys().Any(k => k.PrincipalEntityType == type)
            || RankOf(type, []) is not { } rank)
        {
            return null;
        }
        var table = StoreObjectIdentifier.Table(tableName, type.GetSchema());
        var columns = type.GetProperties().ToArray();
        if (columns.Any(p => p.IsShadowProperty() || p.GetColumnName(table) is null
                             || (p.ValueGenerated != ValueGenerated.Never && !(p.IsPrimaryKey() && p.ClrType == typeof(Guid))))
            || columns.Count(p => p.IsConcurrencyToken) > 1)
        {
            return null;
        }
        var key = type.FindPrimaryKey()!.Properties.ToArray();
        var tenant = typeof(ITenantOwned).IsAssignableFrom(type.ClrType) ? type.FindProperty(nameof(ITenantOwned.TenantId)) : null;
        return new RowShape(table, columns, columns.Select(p => p.GetColumnName(table)!).ToArray(), key, tenant, rank,
            columns.SingleOrDefault(p => p.IsConcurrencyToken));
    }

    /// <summary>0 for a type that references no other, else one more than its highest principal; null on a cycle (SaveChanges orders those).</summary>
    private static int? RankOf(IEntityType type, HashSet<IEntityType> visiting)
    {
        if (!visiting.Add(type))
        {
            return null;
        }
        var rank = 0;
        foreach (var principal in type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type).Distinct())
        {
            if (RankOf(principal, visiting) is not { } principalRank)
            {
                return null;
            }
            rank = Math.Max(rank, principalRank + 1);
        }
        visiting.Remove(type);
        return rank;
    }
}
