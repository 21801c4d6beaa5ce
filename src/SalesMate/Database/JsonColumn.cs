using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMate.Database;

/// <summary>Maps a property to a JSON column: jsonb on PostgreSQL, TEXT on SQLite.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A mutable value: the change tracker copies it through JSON to snapshot it and compares JSON (<see cref="JsonSnapshots"/>).</summary>
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property, bool isPostgres)
        where T : class, new() =>
        property.AsJson(isPostgres, new ValueComparer<T>(
            (a, b) => JsonSnapshots.SameJson(a, b, Options),
            value => JsonSnapshots.HashOf(value, Options),
            value => JsonSnapshots.Snapshot(value, Options)));

    /// <summary>
    /// As <see cref="HasJsonConversion{T}"/> for a value that is replaced, never changed in place: a record of init-only
    /// properties and read-only collections (<see cref="Core.Entities.ConversationState"/>,
    /// <see cref="Core.Entities.MessageMetadata"/>). The change tracker keeps the reference as the snapshot and compares
    /// references, so a new value is saved and an unchanged one costs nothing. A chat turn tracks both values several
    /// times (read, attach, save, accept); serialising them to compare and copying them through JSON to snapshot was
    /// about 3% of its CPU.
    /// </summary>
    public static PropertyBuilder<T> HasImmutableJsonConversion<T>(this PropertyBuilder<T> property, bool isPostgres)
        where T : class, new() =>
        property.AsJson(isPostgres, new ValueComparer<T>(
            (a, b) => ReferenceEquals(a, b),
            value => RuntimeHelpers.GetHashCode(value),
            value => value));

    /// <summary>
    /// As <see cref="HasJsonConversion{T}"/> for a list of immutable records, but the change tracker snapshots and
    /// compares the list itself instead of its JSON. A lead's signal history reaches tens of KB, and serialising it
    /// for every snapshot and comparison was about a third of a chat turn's CPU.
    /// </summary>
    public static PropertyBuilder<List<T>> HasJsonRecordListConversion<T>(this PropertyBuilder<List<T>> property, bool isPostgres)
        where T : class, IEquatable<T> =>
        property.AsJson(isPostgres, new ValueComparer<List<T>>(
            (a, b) => SameItems(a, b),
            value => value.Count,
            value => new List<T>(value)));

    private static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property, bool isPostgres, ValueComparer<T> comparer)
        where T : class, new()
    {
        property.HasConversion(
            value => Serialize(value),
            json => JsonSerializer.Deserialize<T>(json, Options) ?? new T(),
            comparer);
        if (isPostgres)
        {
            property.HasColumnType("jsonb");
        }
        return property;
    }

    /// <summary>The value's JSON; U+0000 in it is refused on SQLite as jsonb refuses it on PostgreSQL (<see cref="UnstorableText"/>).</summary>
    private static string Serialize<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, Options);
        return UnstorableText.InJson(json) ? throw new UnstorableTextException() : json;
    }

    private static bool SameItems<T>(List<T>? a, List<T>? b) where T : class, IEquatable<T> =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b));
}
