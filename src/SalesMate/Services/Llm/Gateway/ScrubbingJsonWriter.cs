using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// Writes an <c>llm_requests</c> body straight to UTF-8 with every string value cleaned on the way
/// (<see cref="LlmRequestBodies.Clean"/>) and every value under a secret-looking name redacted, so no JSON tree is built.
/// A second, shortening pass cleans each string twice (long limit, then short), as redacting and capping an
/// already written body would.
/// </summary>
internal sealed class ScrubbingJsonWriter(Utf8JsonWriter json, string? apiKey, bool shorten)
{
    public Utf8JsonWriter Json => json;

    public void String(string name, string? value)
    {
        json.WritePropertyName(name);
        Value(value);
    }

    public void Value(string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
            return;
        }
        var cleaned = LlmRequestBodies.Clean(value, apiKey, LlmRequestBodies.LongStringLimit);
        json.WriteStringValue(shorten ? LlmRequestBodies.Clean(cleaned, apiKey, LlmRequestBodies.ShortStringLimit) : cleaned);
    }

    public void Number(string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public void Number(string name, float? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A tool call's arguments as JSON (null when there are none), scrubbed like the rest of the body.</summary>
    public void Arguments(string name, IDictionary<string, object?>? arguments)
    {
        json.WritePropertyName(name);
        if (arguments is null)
        {
            json.WriteNullValue();
            return;
        }
        byte[] utf8;
        try
        {
            utf8 = JsonSerializer.SerializeToUtf8Bytes(arguments, AIJsonUtilities.DefaultOptions);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            Value("[unserialisable arguments]");
            return;
        }
        var reader = new Utf8JsonReader(utf8);
        Copy(ref reader);
    }

    private void Copy(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    json.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    json.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    json.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    json.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    var property = reader.GetString()!;
                    json.WritePropertyName(property);
                    if (LlmRequestBodies.IsSecretName(property))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            json.WriteNullValue();
                        }
                        else
                        {
                            json.WriteStringValue(LlmRequestBodies.Redacted);
                            reader.Skip();
                        }
                    }
                    break;
                case JsonTokenType.String:
                    Value(reader.GetString());
                    break;
                case JsonTokenType.Number:
                    json.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    json.WriteBooleanValue(reader.GetBoolean());
                    break;
                case JsonTokenType.Null:
                    json.WriteNullValue();
                    break;
            }
        }
    }
}
