using System.Text.RegularExpressions;
using Orders.DeploymentTests.Infrastructure;

namespace Orders.DeploymentTests;

/// <summary>
/// A resource's labels are often several named templates rendered one after the other (<c>include ... | nindent</c>).
/// Helm lets the last of two equal keys win; kustomize, Flux and other strict YAML readers refuse the whole document.
/// Without helm here, the keys each named template writes are read from _helpers.tpl and every run of includes at one
/// indentation is checked for a key written twice.
/// </summary>
public sealed partial class labels_are_written_once
{
    [Fact]
    public void no_run_of_included_templates_writes_a_key_twice()
    {
        var defines = HelmChart.Defines();
        var runs = 0;
        foreach (var file in HelmChart.TemplateFiles())
        {
            var run = new List<string>();
            var indent = -1;
            foreach (var line in HelmChart.Template(file).Split('\n').Append(""))
            {
                var include = IncludeLine().Match(line);
                if (include.Success && int.Parse(include.Groups[2].Value) == indent) { run.Add(include.Groups[1].Value); continue; }
                Check(file, run, defines, ref runs);
                run = include.Success ? [include.Groups[1].Value] : [];
                indent = include.Success ? int.Parse(include.Groups[2].Value) : -1;
            }
        }
        Assert.True(runs > 0, "no template renders two named templates together: the check found nothing to check");
    }

    [Fact]
    public void the_check_sees_a_key_written_by_two_templates() =>
        Assert.Contains("app.kubernetes.io/instance", Keys("orders.labels", HelmChart.Defines()).Intersect(Keys("orders.selectorLabels", HelmChart.Defines())));

    private static void Check(string file, List<string> run, IReadOnlyDictionary<string, string> defines, ref int runs)
    {
        if (run.Count < 2) return;
        runs++;
        var twice = run.SelectMany(name => Keys(name, defines)).GroupBy(key => key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{file}: {string.Join(" + ", run)} write {string.Join(", ", twice)} twice");
    }

    /// <summary>The top-level keys a named template writes, those of the templates it includes among them.</summary>
    private static IEnumerable<string> Keys(string name, IReadOnlyDictionary<string, string> defines)
    {
        Assert.True(defines.TryGetValue(name, out var body), $"_helpers.tpl defines no {name}");
        foreach (Match nested in NestedInclude().Matches(body!))
            foreach (var key in Keys(nested.Groups[1].Value, defines)) yield return key;
        foreach (Match key in KeyLine().Matches(body!)) yield return key.Groups[1].Value;
    }

    [GeneratedRegex(@"^\s*\{\{-?\s*include\s+""([\w.]+)"".*\|\s*nindent\s+(\d+)\s*-?\}\}\s*$")]
    private static partial Regex IncludeLine();

    [GeneratedRegex(@"\{\{-?\s*include\s+""([\w.]+)""")]
    private static partial Regex NestedInclude();

    [GeneratedRegex(@"(?m)^([A-Za-z0-9][\w./-]*):")]
    private static partial Regex KeyLine();
}
