using System.Text;
using System.Text.RegularExpressions;

namespace SalesMate.Tests.Isolation;

public enum IsolationRisk { IgnoreQueryFilters, CrossTenantJob, RawSql, AdoCommand }

public sealed record IsolationFinding(string File, int Line, IsolationRisk Risk, string Code);

/// <summary>
/// Finds the C# constructs that can step around tenant isolation. Comments are ignored; raw SQL and ADO.NET commands
/// count only when their statement (up to the next ';' outside a string) has no <c>tenant_id</c> predicate.
/// </summary>
public static partial class SourceScanner
{
    [GeneratedRegex(@"\.IgnoreQueryFilters\s*\(")]
    private static partial Regex IgnoreQueryFilters();

    [GeneratedRegex(@"\.AcrossTenants\s*\(")]
    private static partial Regex AcrossTenants();

    [GeneratedRegex(@"\b(?:FromSql(?:Raw|Interpolated)?|ExecuteSql(?:Raw|Interpolated)?(?:Async)?|SqlQuery(?:Raw)?)\s*[<(]")]
    private static partial Regex RawSql();

    [GeneratedRegex(@"\bCommandText\s*=(?!=)|\bnew\s+(?:Npgsql|Sqlite)(?:Batch)?Command\s*\(")]
    private static partial Regex AdoCommand();

    [GeneratedRegex(@"\btenant_id\s*(?:=|IN\b)", RegexOptions.IgnoreCase)]
    private static partial Regex TenantPredicate();

    public static IEnumerable<IsolationFinding> Scan(string file, string source)
    {
        var (code, inString) = StripComments(source);
        var lineStarts = LineStarts(source);
        IEnumerable<IsolationFinding> Find(Regex regex, IsolationRisk risk, bool exemptWithTenantPredicate) =>
            regex.Matches(code)
                .Where(m => !inString[m.Index])
                .Where(m => !exemptWithTenantPredicate || !TenantPredicate().IsMatch(Statement(code, inString, m.Index)))
                .Select(m => Finding(file, source, lineStarts, m.Index, risk));

        return Find(IgnoreQueryFilters(), IsolationRisk.IgnoreQueryFilters, false)
            .Concat(Find(AcrossTenants(), IsolationRisk.CrossTenantJob, false))
            .Concat(Find(RawSql(), IsolationRisk.RawSql, true))
            .Concat(Find(AdoCommand(), IsolationRisk.AdoCommand, true))
            .OrderBy(f => f.Line);
    }

    private static IsolationFinding Finding(string file, string source, List<int> lineStarts, int index, IsolationRisk risk)
    {
        var line = lineStarts.FindLastIndex(start => start <= index);
        var end = source.IndexOf('\n', lineStarts[line]);
        var text = source[lineStarts[line]..(end < 0 ? source.Length : end)].Trim();
        return new IsolationFinding(file, line + 1, risk, text);
    }

    private static List<int> LineStarts(string source)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts;
    }

    /// <summary>From <paramref name="start"/> to the first ';' outside a string literal (the end of the C# statement).</summary>
    private static string Statement(string code, bool[] inString, int start)
    {
        var end = start;
        while (end < code.Length && (code[end] != ';' || inString[end]))
        {
            end++;
        }
        return code[start..end];
    }

    /// <summary>The source with comments blanked (line numbers kept), and which characters are inside string or char literals.</summary>
    internal static (string Code, bool[] InString) StripComments(string source)
    {
        var code = new StringBuilder(source);
        var inString = new bool[source.Length + 1];
        var i = 0;
        void Blank(int from, int to)
        {
            for (var k = from; k < to; k++)
            {
                if (code[k] != '\n')
                {
                    code[k] = ' ';
                }
            }
        }
        void MarkString(int from, int to)
        {
            for (var k = from; k < to; k++)
            {
                inString[k] = true;
            }
        }
        while (i < source.Length)
        {
            var c = source[i];
            var next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                var end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                Blank(i, end);
                i = end;
            }
            else if (c == '/' && next == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                Blank(i, end);
                i = end;
            }
            else if (c == '"' && source.AsSpan(i).StartsWith("\"\"\""))
            {
                var quotes = 0;
                while (i + quotes < source.Length && source[i + quotes] == '"')
                {
                    quotes++;
                }
                var end = source.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + quotes;
                MarkString(i, end);
                i = end;
            }
            else if (c == '"')
            {
                var verbatim = i > 0 && (source[i - 1] == '@' || (source[i - 1] == '$' && i > 1 && source[i - 2] == '@'));
                var end = i + 1;
                while (end < source.Length)
                {
                    if (verbatim && source[end] == '"' && end + 1 < source.Length && source[end + 1] == '"')
                    {
                        end += 2;
                    }
                    else if (!verbatim && source[end] == '\\')
                    {
                        end += 2;
                    }
                    else if (source[end] == '"' || (!verbatim && source[end] == '\n'))
                    {
                        end++;
                        break;
                    }
                    else
                    {
                        end++;
                    }
                }
                end = Math.Min(end, source.Length);
                MarkString(i, end);
                i = end;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < source.Length && source[end] != '\'' && source[end] != '\n')
                {
                    end += source[end] == '\\' ? 2 : 1;
                }
                end = Math.Min(end + 1, source.Length);
                MarkString(i, end);
                i = end;
            }
            else
            {
                i++;
            }
        }
        return (code.ToString(), inString);
    }
}
