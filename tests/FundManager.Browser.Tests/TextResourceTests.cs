using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using FundManager.Web.Resources;

namespace FundManager.Browser.Tests;

/// <summary>Every text of the pages exists in English and in French, and every key a page asks for exists.</summary>
public sealed partial class TextResourceTests
{
    private static readonly ResourceManager Resources = new("FundManager.Web.Resources.Text", typeof(Text).Assembly);

    private static HashSet<string> KeysOf(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No texts for {culture.Name}.");
        return [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
    }

    [Fact]
    public void every_text_exists_in_english_and_in_french()
    {
        var english = KeysOf(CultureInfo.InvariantCulture);
        var french = KeysOf(CultureInfo.GetCultureInfo("fr"));

        Assert.Empty(english.Except(french).Order(StringComparer.Ordinal));
        Assert.Empty(french.Except(english).Order(StringComparer.Ordinal));
        Assert.True(english.Count > 20, $"{english.Count} texts");
    }

    [Fact]
    public void every_key_a_page_names_has_a_text()
    {
        var english = KeysOf(CultureInfo.InvariantCulture);
        var sources = Path.GetFullPath(Path.Combine(WebSystem.ProjectDirectory, "..", "..", "dashboards", "FundManager.Web"));
        var named = Directory.EnumerateFiles(sources, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(named);
        Assert.Empty(named.Where(k => !english.Contains(k)).Order(StringComparer.Ordinal));
    }

    // L["Some.Key"] and L["Some.Key", ...] in pages and page models.
    [GeneratedRegex("""\bL\["(?<key>[A-Za-z0-9.]+)"[\],]""")]
    private static partial Regex Key();
}
