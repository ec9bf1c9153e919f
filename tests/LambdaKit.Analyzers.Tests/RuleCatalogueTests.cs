using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.Tests;

/// <summary>
/// Every rule has its id in RuleIdentifiers, one descriptor, a help link to its page, the page, a release-tracking
/// entry, an analyzer that reports it and a test whose markup expects it.
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
    public void Every_descriptor_is_reported_by_exactly_one_analyzer(string id)
    {
        var analyzers = AnalyzerAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();

        Assert.Single(analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));
    }

    [Theory]
    [MemberData(nameof(DescriptorIds))]
    public void Every_descriptor_is_expected_by_some_test_markup(string id)
    {
        // String literals of this assembly, read from its metadata: a markup span `{|LKnnnn:` in some test is what
        // proves a test expects the rule to fire (the verifier fails if it does not).
        Assert.True(MarkupIdsInTestAssembly.Value.Contains(id), $"No test markup expects {id}: add a test with a '{{|{id}:...|}}' span.");
    }

    [Fact]
    public void The_markup_scan_finds_the_rules_this_assembly_tests()
    {
        // Guards the meta-test above against scanning nothing.
        Assert.Contains("LK4003", MarkupIdsInTestAssembly.Value);
        Assert.DoesNotContain("LK5001", MarkupIdsInTestAssembly.Value);
    }

    private static readonly Lazy<HashSet<string>> MarkupIdsInTestAssembly = new(() =>
    {
        using var stream = File.OpenRead(typeof(RuleCatalogueTests).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
        {
            foreach (Match match in MarkupIdPattern().Matches(reader.GetUserString(handle)))
            {
                ids.Add(match.Groups[1].Value);
            }
        }

        return ids;
    });

    [GeneratedRegex(@"^LK[1-5]\d{3}$")]
    private static partial Regex RuleIdPattern();

    [GeneratedRegex(@"\{\|(LK\d{4}):")]
    private static partial Regex MarkupIdPattern();
}
