using System.Globalization;
using System.Resources;

namespace FundManager.Reports;

/// <summary>
/// The languages reports are written in, the culture each formats numbers and dates with, and the
/// labels (from the resources <c>Labels.resx</c> and <c>Labels.fr.resx</c>) in each.
/// </summary>
public static class ReportLanguage
{
    public const string English = "en";
    public const string French = "fr";

    public static IReadOnlyList<string> All { get; } = [English, French];

    private static readonly ResourceManager Resources = new("FundManager.Reports.Labels", typeof(ReportLanguage).Assembly);

    public static bool IsKnown(string? language) => language is English or French;

    /// <summary>The culture a report in this language writes its numbers and dates in: 1,234.56 or 1 234,56.</summary>
    public static CultureInfo CultureOf(string language) => CultureInfo.GetCultureInfo(language == French ? "fr-FR" : "en-GB");

    /// <summary>The label under <paramref name="key"/> in the language; a missing label is a bug, so it throws.</summary>
    public static string Label(string language, string key) =>
        Resources.GetString(key, CultureOf(language)) ?? throw new KeyNotFoundException($"No report label '{key}'.");

    /// <summary>A label with placeholders ({0}, {1}) filled in, numbers in the language's culture.</summary>
    public static string Label(string language, string key, params object[] arguments) =>
        string.Format(CultureOf(language), Label(language, key), arguments);

    /// <summary>A date as the report's readers write it: 2 December 2026, 2 décembre 2026.</summary>
    public static string Date(string language, DateOnly date) => date.ToString("d MMMM yyyy", CultureOf(language));
}

/// <summary>The labels of one report in its language: <c>text["key"]</c>.</summary>
public sealed class ReportText(string language)
{
    public string Language { get; } = ReportLanguage.IsKnown(language) ? language : throw new ArgumentException($"Reports are written in {string.Join(", ", ReportLanguage.All)}, not '{language}'.", nameof(language));

    public CultureInfo Culture => ReportLanguage.CultureOf(Language);

    public string this[string key] => ReportLanguage.Label(Language, key);

    public string Format(string key, params object[] arguments) => ReportLanguage.Label(Language, key, arguments);

    public string Date(DateOnly date) => ReportLanguage.Date(Language, date);

    /// <summary>A number written in the language, for sentences (tables keep numbers as cells).</summary>
    public string Amount(decimal amount, int decimals = 2) => amount.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);
}
