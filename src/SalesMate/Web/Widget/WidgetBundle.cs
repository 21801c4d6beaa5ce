using System.Collections.Concurrent;
using System.Text;

namespace SalesMate.Web.Widget;

/// <summary>
/// Builds <c>/widget.js</c> once per tenant-naming mode: marked, DOMPurify, chat-core.js and widget.js from wwwroot in
/// one function scope, so nothing leaks into the host page's globals (the UMD wrappers see a local <c>module</c>).
/// </summary>
public sealed class WidgetBundle(IWebHostEnvironment environment)
{
    private readonly ConcurrentDictionary<string, string> _built = new(StringComparer.Ordinal);

    public string Get(string mode) => _built.GetOrAdd(mode, Build);

    private string Build(string mode)
    {
        var files = environment.WebRootFileProvider;
        string Read(string path)
        {
            var file = files.GetFileInfo(path);
            if (!file.Exists)
            {
                throw new InvalidOperationException($"wwwroot/{path} is missing: build the project (it copies the npm libraries into wwwroot/lib).");
            }
            using var reader = new StreamReader(file.CreateReadStream());
            return reader.ReadToEnd();
        }
        var script = new StringBuilder();
        script.AppendLine("/*! SalesMate chat widget. Bundles marked (MIT) and DOMPurify (Apache-2.0 / MPL-2.0). */");
        script.AppendLine("(function () {");
        script.AppendLine($"var SALESMATE_TENANT_MODE = \"{mode}\";");
        script.AppendLine("var module = { exports: {} }, exports = module.exports, define;");
        script.AppendLine(Read("lib/marked/marked.umd.js"));
        script.AppendLine("var marked = module.exports;");
        script.AppendLine("module = { exports: {} }; exports = module.exports;");
        script.AppendLine(Read("lib/dompurify/purify.min.js"));
        script.AppendLine("var DOMPurify = module.exports;");
        script.AppendLine(Read("js/chat-core.js"));
        script.AppendLine(Read("js/widget.js"));
        script.AppendLine("})();");
        return script.ToString();
    }
}
