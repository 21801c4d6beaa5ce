using System.Text.RegularExpressions;

namespace SalesMate.Utils;

public static partial class Slug
{
    public static bool IsValid(string? value) => value is { Length: > 0 and <= 63 } && Pattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();
}
