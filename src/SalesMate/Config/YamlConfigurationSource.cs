using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace SalesMate.Config;

/// <summary>Reads <c>salesmate.yaml</c> (seed 003's keys) into configuration: nested maps become "a:b:c" keys, sequences "a:0".</summary>
public sealed class YamlConfigurationSource : FileConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new YamlConfigurationProvider(this);
    }
}

public sealed class YamlConfigurationProvider(YamlConfigurationSource source) : FileConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(stream);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new FormatException($"{Source.Path}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (yaml.Documents.Count > 0)
        {
            Flatten(yaml.Documents[0].RootNode, "", data);
        }
        Data = data;
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string?> data)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? "";
                    Flatten(value, prefix.Length == 0 ? name : $"{prefix}:{name}", data);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Flatten(sequence.Children[i], $"{prefix}:{i}", data);
                }
                break;
            case YamlScalarNode scalar:
                data[prefix] = scalar.Value is "~" or "null" ? null : scalar.Value;
                break;
        }
    }
}
