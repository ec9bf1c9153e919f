using System.Reflection;
using System.Text.RegularExpressions;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.Tests;

/// <summary>
/// Every rule has its id in RuleIdentifiers and one line in the rule table (severity, category, title) that the
/// descriptor, the docs index, the rule page and the release-tracking entry agree with; compiler rules have one
/// descriptor, a help link, an analyzer that reports it and a test whose markup expects it.
/// </summary>
public partial class RuleCatalogueTests
{
    private static readonly Assembly AnalyzerAssembly = typeof(DiagnosticDescriptors).Assembly;

    public static TheoryData<string> DescriptorIds() => [.. Descriptors().Select(d => d.Id)];

    public static TheoryData<string> RuleIds() => [.. AllRuleIds()];

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static IEnumerable<string> AllRuleIds() =>
        typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(RuleIdentifiers.RepositoryUrl))
            .Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Rule_ids_are_unique_well_formed_and_the_catalogue_is_not_empty()
    {
        var ids = AllRuleIds().ToList();
        Assert.NotEmpty(Descriptors());
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(RuleIdPattern(), id));
        Assert.All(Descriptors(), d => Assert.Contains(d.Id, ids));
        Assert.Equal(Descriptors().Count(), Descriptors().Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_rule_table_has_exactly_one_line_per_rule_id()
    {
        var tableIds = RuleTable.All.Select(r => r.Id).ToList();
        Assert.Equal(tableIds.Count, tableIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(AllRuleIds().Order(StringComparer.Ordinal), tableIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compiler_rules_have_descriptors_and_package_rules_have_none()
    {
        var withDescriptor = Descriptors().Select(d => d.Id).Order(StringComparer.Ordinal);
        var compilerRules = RuleTable.All.Where(r => r.Category != RuleTable.Package).Select(r => r.Id).Order(StringComparer.Ordinal);
        Assert.Equal(compilerRules, withDescriptor);
        Assert.All(RuleTable.All.Where(r => r.Category == RuleTable.Package), r => Assert.StartsWith("LK5", r.Id, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Every_descriptor_has_the_title_category_and_severity_of_its_table_line(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var rule = RuleTable.Get(id);
        Assert.Equal(rule.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rule.Category, descriptor.Category);
        Assert.Equal(rule.Severity.ToString(), descriptor.DefaultSeverity.ToString());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_docs_index_row_and_the_rule_page_match_the_table_line(string id)
    {
        var rule = RuleTable.Get(id);
        var reporter = rule.Category == RuleTable.Package ? "packaging task" : "compiler";
        var index = File.ReadAllLines(RepositoryPaths.Combine("docs", "rules", "README.md"));
        var row = Assert.Single(index, line => line.StartsWith($"| [{id}]", StringComparison.Ordinal));
        Assert.Equal($"| [{id}]({id}.md) | {rule.Title} | {rule.Severity} | {reporter} |", row);

        var page = File.ReadAllLines(RepositoryPaths.Combine("docs", "rules", id + ".md"));
        Assert.Equal($"# {id}: {rule.Title}", page[0]);
        Assert.Contains($"| Category | {rule.Category} |", page);
        var severity = Assert.Single(page, line => line.StartsWith("| Severity | ", StringComparison.Ordinal));
        Assert.StartsWith($"| Severity | {rule.Severity}", severity, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packaging_task_reports_only_package_rules_of_the_table_with_its_severities()
    {
        // The task logs through RuleTable.Get (severity and help link from the table); no code is spelled out.
        var tasks = Directory.EnumerateFiles(RepositoryPaths.Combine("src", "LambdaKit.Build", "Tasks"), "*.cs").ToList();
        Assert.NotEmpty(tasks);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in tasks)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"""LK\d{4}""", text);
            Assert.DoesNotContain("GetHelpUri", text, StringComparison.Ordinal);
            foreach (Match match in TaskRuleReference().Matches(text))
            {
                used.Add((string)typeof(RuleIdentifiers).GetField(match.Groups[1].Value)!.GetRawConstantValue()!);
            }
        }

        Assert.NotEmpty(used);
        Assert.All(used, id => Assert.Equal(RuleTable.Package, RuleTable.Get(id).Category));
    }

    [Fact]
    public void Rules_the_build_files_report_have_the_tables_severity()
    {
        // An MSBuild <Warning Code="LKnnnn"> or <Error Code="LKnnnn"> in the shipped props/targets.
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Combine("src", "LambdaKit.Build", "build")))
        {
            foreach (Match match in BuildFileRule().Matches(File.ReadAllText(file)))
            {
                var rule = RuleTable.Get(match.Groups[2].Value);
                Assert.Equal(rule.Severity == RuleSeverity.Error ? "Error" : "Warning", match.Groups[1].Value);
                Assert.Equal(RuleTable.Package, rule.Category);
            }
        }
    }

    [Fact]
    public void The_docs_index_lists_no_rule_outside_the_table()
    {
        var listed = File.ReadAllLines(RepositoryPaths.Combine("docs", "rules", "README.md"))
            .Select(line => IndexRowId().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value);
        Assert.Equal(RuleTable.All.Select(r => r.Id).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_id_has_a_docs_page_with_the_required_sections_and_an_index_entry(string id)
    {
        var page = RepositoryPaths.Combine("docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing.");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ":", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## How to fix", "## How to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(RepositoryPaths.Combine("docs", "rules", "README.md")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Every_descriptor_links_to_its_page(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        Assert.Equal($"https://github.com/lambdakit/lambdakit/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.Equal(RuleIdentifiers.GetHelpUri(id), descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Every_descriptor_is_in_the_unshipped_release_file_with_its_category_and_severity(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var lines = File.ReadAllLines(RepositoryPaths.Combine("src", "LambdaKit.Analyzers", "AnalyzerReleases.Unshipped.md"));

        var row = Assert.Single(lines, line => line.StartsWith(id + " ", StringComparison.Ordinal));
        var cells = row.Split('|').Select(cell => cell.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Every_descriptor_is_reported_by_an_analyzer(string id)
    {
        var analyzers = AnalyzerAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();

        // LK3001-LK3003 have two sources, the attributes (QuotaAnalyzer) and the configuration files (LambdaConfigAnalyzer).
        Assert.Contains(analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Every_descriptor_is_expected_by_some_test_markup(string id)
    {
        Assert.True(ExpectedIdsInTests.Value.Contains(id), $"No test markup expects {id}: add a test with a '{{|{id}:...|}}' span or a Diagnostic(\"{id}\").");
    }

    [Fact]
    public void The_markup_scan_finds_the_rules_this_assembly_tests()
    {
        // Guards the meta-test above against scanning nothing.
        Assert.Contains("LK4003", ExpectedIdsInTests.Value);
        Assert.DoesNotContain("LK5001", ExpectedIdsInTests.Value);
    }

    private static readonly Lazy<HashSet<string>> ExpectedIdsInTests = new(() =>
    {
        // The test sources: a markup span `{|LKnnnn:` or an expected `Diagnostic("LKnnnn")` proves a test expects the
        // rule to fire (the verifier fails if it does not). This file is left out: it names ids for other reasons.
        var folder = RepositoryPaths.Combine("tests", "LambdaKit.Analyzers.Tests");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || Path.GetFileName(file) == nameof(RuleCatalogueTests) + ".cs")
            {
                continue;
            }

            foreach (Match match in ExpectedIdPattern().Matches(File.ReadAllText(file)))
            {
                ids.Add(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
            }
        }

        return ids;
    });

    [GeneratedRegex(@"^LK[1-6]\d{3}$")]
    private static partial Regex RuleIdPattern();

    [GeneratedRegex(@"<(Warning|Error)\b[^>]*\bCode=""(LK\d{4})""")]
    private static partial Regex BuildFileRule();

    [GeneratedRegex(@"RuleIdentifiers\.(\w+)")]
    private static partial Regex TaskRuleReference();

    [GeneratedRegex(@"^\| \[(LK\d{4})\]")]
    private static partial Regex IndexRowId();

    [GeneratedRegex(@"\{\|(LK\d{4}):|Diagnostic\(""(LK\d{4})""\)")]
    private static partial Regex ExpectedIdPattern();
}
