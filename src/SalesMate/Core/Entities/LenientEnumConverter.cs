using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesMate.Core.Entities;

/// <summary>
/// An enum in stored JSON (<see cref="ConversationState"/>) as its snake_case name. A name this version does not know
/// (written by a later one) reads as the enum's default instead of failing, so the row stays readable.
/// </summary>
public sealed class LenientEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var number) && Enum.ToObject(typeof(T), number) is T numbered && Enum.IsDefined(numbered) ? numbered : default;
        }
        var name = reader.TokenType == JsonTokenType.String ? reader.GetString()?.Replace("_", "", StringComparison.Ordinal) : null;
        return name is not null && Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : default;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));
}
