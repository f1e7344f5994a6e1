using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orders.DeploymentTests.Infrastructure;

/// <summary>
/// The chart in helm/orders read without helm (not installable on these machines): values files as Helm merges them,
/// and templates as static YAML with their Go-template directives neutralised.
/// </summary>
public static partial class HelmChart
{
    public static readonly string Directory = Repository.PathOf("helm", "orders");
    public const string Placeholder = "TEMPLATE";

    public static IEnumerable<string> ValuesFiles() =>
        System.IO.Directory.GetFiles(Directory, "values*.yaml").Select(Path.GetFileName).Order()!;

    public static JsonNode Defaults() => Yaml.Load(File.ReadAllText(Path.Combine(Directory, "values.yaml")))!;

    /// <summary>A values file merged over values.yaml, as <c>helm install -f file</c> sees it.</summary>
    public static JsonNode EffectiveValues(string file) =>
        file == "values.yaml" ? Defaults() : Yaml.Merge(Defaults(), Yaml.Load(File.ReadAllText(Path.Combine(Directory, file))))!;

    public static IEnumerable<string> TemplateFiles() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "templates"), "*.yaml").Select(Path.GetFileName).Order()!;

    public static string Template(string file) => File.ReadAllText(Path.Combine(Directory, "templates", file));

    /// <summary>
    /// Static YAML of a template: lines that hold only directives (control flow, includes rendered with nindent,
    /// comments) are dropped; directives inside a YAML line become a placeholder scalar. What remains is every line
    /// the template writes literally, in its real indentation, so it must parse.
    /// </summary>
    public static string Neutralise(string template)
    {
        var withoutComments = CommentDirective().Replace(template, "");
        var lines = withoutComments.Split('\n')
            .Where(line => !OnlyDirectives().IsMatch(line))
            .Select(line => Directive().Replace(line, Placeholder));
        return string.Join('\n', lines);
    }

    /// <summary>The bodies of the named templates (<c>{{ define "name" }}</c>) in templates/_helpers.tpl.</summary>
    public static IReadOnlyDictionary<string, string> Defines()
    {
        var text = CommentDirective().Replace(File.ReadAllText(Path.Combine(Directory, "templates", "_helpers.tpl")), "");
        var result = new Dictionary<string, string>();
        foreach (Match define in DefineStart().Matches(text))
        {
            var depth = 1;
            var bodyStart = define.Index + define.Length;
            foreach (Match token in BlockToken().Matches(text, bodyStart))
            {
                depth += token.Groups[1].Value == "end" ? -1 : 1;
                if (depth > 0) continue;
                result[define.Groups[1].Value] = text[bodyStart..token.Index];
                break;
            }
        }
        return result;
    }

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex CommentDirective();

    [GeneratedRegex(@"^\s*(\{\{.*?\}\}\s*)+$")]
    private static partial Regex OnlyDirectives();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex Directive();

    [GeneratedRegex(@"\{\{-?\s*define\s+""([^""]+)""\s*-?\}\}")]
    private static partial Regex DefineStart();

    [GeneratedRegex(@"\{\{-?\s*(if|range|with|define|end)\b")]
    private static partial Regex BlockToken();
}
