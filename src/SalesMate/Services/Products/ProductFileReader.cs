using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace SalesMate.Services.Products;

/// <summary>Reads products from JSON (an array of objects) or CSV (header row), keeping each row's line number for error reports.</summary>
public static class ProductFileReader
{
    public static IReadOnlyList<ImportRow> Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".json" => ReadJson(File.ReadAllBytes(path)),
            ".csv" => ReadCsv(File.ReadAllText(path)),
            _ => throw new FormatException($"{path}: unsupported file type '{extension}'; use .json or .csv."),
        };
    }

    /// <summary>The parser's message ends with its own zero-based " LineNumber: 0 | BytePositionInLine: 1." (and maybe " Path: $"), which contradicts the line we report.</summary>
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal) is >= 0 and var path ? path : message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }

    public static IReadOnlyList<ImportRow> ReadJson(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"invalid JSON at line {(ex.LineNumber ?? 0) + 1}: {WithoutPosition(ex.Message)}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("products", out var wrapped))
            {
                root = wrapped;
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("the JSON file must hold an array of products (or an object with a \"products\" array).");
            }
            var lines = ElementLines(bytes);
            var rows = new List<ImportRow>();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : 0;
                index++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    rows.Add(new ImportRow(line, new ProductInput(), ["each product must be a JSON object"]));
                    continue;
                }
                var errors = new List<string>();
                var input = new ProductInput
                {
                    Sku = Scalar(element, "sku"),
                    Name = Scalar(element, "name"),
                    Brand = Scalar(element, "brand"),
                    Category = Scalar(element, "category"),
                    Price = Scalar(element, "price"),
                    Currency = Scalar(element, "currency") ?? "USD",
                    Stock = Scalar(element, "stock") ?? "0",
                    Rating = Scalar(element, "rating"),
                    Description = Scalar(element, "description") ?? "",
                    Specs = Specs(element, errors),
                    Tags = Tags(element, errors),
                };
                errors.InsertRange(0, ProductRules.Validate(input));
                rows.Add(new ImportRow(line, input, errors));
            }
            return rows;
        }
    }

    public static IReadOnlyList<ImportRow> ReadCsv(string text)
    {
        using var reader = new StringReader(text);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, TrimWhitespace = true }, false);
        if (csv.Headers.Count == 0)
        {
            throw new FormatException("the CSV file has no header row.");
        }
        var columns = csv.Headers.Select((h, i) => (Name: h.Trim().ToLowerInvariant(), i))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().i);
        if (!columns.ContainsKey("sku"))
        {
            throw new FormatException("the CSV header must include at least sku, name, brand, category and price.");
        }
        var rows = new List<ImportRow>();
        while (csv.Read())
        {
            string? Field(string name) =>
                columns.TryGetValue(name, out var index) && index < csv.FieldCount && csv.GetString(index) is { Length: > 0 } value
                    ? value.Trim()
                    : null;
            var errors = new List<string>();
            var input = new ProductInput
            {
                Sku = Field("sku"),
                Name = Field("name"),
                Brand = Field("brand"),
                Category = Field("category"),
                Price = Field("price"),
                Currency = Field("currency") ?? "USD",
                Stock = Field("stock") ?? "0",
                Rating = Field("rating"),
                Description = Field("description") ?? "",
                Specs = CsvSpecs(Field("specs"), errors),
                Tags = (Field("tags") ?? "").Split(['|', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            };
            errors.InsertRange(0, ProductRules.Validate(input));
            rows.Add(new ImportRow((int)csv.LineNumber, input, errors));
        }
        return rows;
    }

    private static string? Scalar(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()?.Trim(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            }
            : null;

    private static Dictionary<string, string> Specs(JsonElement element, List<string> errors)
    {
        var specs = new Dictionary<string, string>();
        if (!element.TryGetProperty("specs", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return specs;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("specs must be an object of key/value pairs");
            return specs;
        }
        foreach (var property in value.EnumerateObject())
        {
            specs[property.Name.Trim()] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()!.Trim() : property.Value.GetRawText();
        }
        return specs;
    }

    private static List<string> Tags(JsonElement element, List<string> errors)
    {
        if (!element.TryGetProperty("tags", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            errors.Add("tags must be an array of strings");
            return [];
        }
        return value.EnumerateArray().Select(t => t.GetString()!.Trim()).Where(t => t.Length > 0).Distinct().ToList();
    }

    /// <summary>CSV specs: a JSON object, or "Key: Value; Key: Value".</summary>
    private static Dictionary<string, string> CsvSpecs(string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        if (text.StartsWith('{'))
        {
            try
            {
                return JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? [];
            }
            catch (JsonException)
            {
                errors.Add("specs is not a valid JSON object of strings");
                return [];
            }
        }
        var specs = new Dictionary<string, string>();
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = pair.Split(':', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || kv[0].Length == 0)
            {
                errors.Add($"specs entry '{pair}' must look like 'Key: Value'");
                continue;
            }
            specs[kv[0]] = kv[1];
        }
        return specs;
    }

    /// <summary>Line number of each top-level array element, found by scanning the raw bytes once.</summary>
    private static List<int> ElementLines(byte[] bytes)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var line = 1;
        long counted = 0;
        var arrayDepth = -1;
        while (reader.Read())
        {
            if (arrayDepth < 0 && reader.TokenType == JsonTokenType.StartArray)
            {
                arrayDepth = reader.CurrentDepth;
                continue;
            }
            if (arrayDepth >= 0 && reader.CurrentDepth == arrayDepth + 1 &&
                reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String or JsonTokenType.Number or JsonTokenType.StartArray
                    or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
            {
                for (; counted < reader.TokenStartIndex; counted++)
                {
                    if (bytes[counted] == (byte)'\n')
                    {
                        line++;
                    }
                }
                lines.Add(line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        return lines;
    }
}
