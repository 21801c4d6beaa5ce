using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;

namespace SalesMate.Utils;

/// <summary>
/// One flat JSON object per line: timestamp, level, event, message, then the event's properties in snake_case
/// (request_id, tenant_id, conversation_id, latency_ms, ...). Properties whose names look like secrets are redacted.
/// </summary>
public sealed class JsonLinesFormatter : ITextFormatter
{
    private const string Redacted = "[redacted]";
    private static readonly string[] SecretMarkers = ["password", "secret", "api_key", "apikey", "authorization", "otp", "cookie"];

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", logEvent.Timestamp.UtcDateTime.ToString("O"));
            json.WriteString("level", Level(logEvent.Level));
            var eventName = logEvent.Properties.TryGetValue("EventId", out var eventId) && eventId is StructureValue s
                && s.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string eventIdName }
                ? eventIdName
                : logEvent.MessageTemplate.Text;
            json.WriteString("event", eventName);
            json.WriteString("message", RenderLiteral(logEvent));
            foreach (var (key, value) in logEvent.Properties)
            {
                if (key is "EventId" or "SourceContext" or "{OriginalFormat}")
                {
                    continue;
                }
                var name = Naming.ToSnakeCase(key);
                if (IsSecret(name))
                {
                    json.WriteString(name, Redacted);
                    continue;
                }
                json.WritePropertyName(name);
                WriteValue(json, value);
            }
            if (logEvent.Properties.TryGetValue("SourceContext", out var source))
            {
                json.WriteString("logger", (source as ScalarValue)?.Value?.ToString());
            }
            if (logEvent.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    /// <summary>The message with property values as plain text (Serilog's own rendering wraps strings in quotes).</summary>
    private static string RenderLiteral(LogEvent logEvent)
    {
        var text = new System.Text.StringBuilder();
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is Serilog.Parsing.PropertyToken property && logEvent.Properties.TryGetValue(property.PropertyName, out var value))
            {
                if (IsSecret(Naming.ToSnakeCase(property.PropertyName)))
                {
                    text.Append(Redacted); // as in its own property: the message must not carry what the property hides
                    continue;
                }
                text.Append(value is ScalarValue { Value: var raw }
                    ? Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture)
                    : Json(value)); // as written in its property, secret members redacted (Serilog's rendering shows them)
            }
            else
            {
                text.Append(token.ToString());
            }
        }
        return text.ToString();
    }

    private static string Json(LogEventPropertyValue value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteValue(json, value);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>"session_token", "api_key", "password" ... but not counters such as "prompt_tokens" or "time_to_first_token_ms".</summary>
    private static bool IsSecret(string name) =>
        name == "token" || name.EndsWith("_token", StringComparison.Ordinal) || SecretMarkers.Any(m => name.Contains(m, StringComparison.Ordinal));

    private static string Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARN",
        LogEventLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private static void WriteValue(Utf8JsonWriter json, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                json.WriteNullValue();
                break;
            case ScalarValue { Value: bool b }:
                json.WriteBooleanValue(b);
                break;
            case ScalarValue { Value: int or long or double or float or decimal or short or byte } number:
                json.WriteRawValue(Convert.ToString(number.Value, System.Globalization.CultureInfo.InvariantCulture)!);
                break;
            case ScalarValue scalar:
                json.WriteStringValue(Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case SequenceValue sequence:
                json.WriteStartArray();
                foreach (var element in sequence.Elements)
                {
                    WriteValue(json, element);
                }
                json.WriteEndArray();
                break;
            case StructureValue structure:
                json.WriteStartObject();
                foreach (var property in structure.Properties)
                {
                    var name = Naming.ToSnakeCase(property.Name);
                    if (IsSecret(name))
                    {
                        json.WriteString(name, Redacted);
                        continue;
                    }
                    json.WritePropertyName(name);
                    WriteValue(json, property.Value);
                }
                json.WriteEndObject();
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }
}
