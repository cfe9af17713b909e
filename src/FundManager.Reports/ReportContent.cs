using System.Collections.Immutable;

namespace FundManager.Reports;

/// <summary>What a cell holds, so each format can write it as its readers expect.</summary>
public enum CellKind
{
    Text = 0,
    /// <summary>A count or measure, with <see cref="ReportCell.Decimals"/> places.</summary>
    Number = 1,
    /// <summary>An amount in <see cref="ReportCell.Currency"/>, with the currency's minor units as places.</summary>
    Money = 2,
    Date = 3,
    /// <summary>A percentage, held as the percent figure (87.5 means 87.5%).</summary>
    Percent = 4,
}

/// <summary>
/// One typed cell. Numbers and money stay numbers, dates stay dates: CSV and XLSX write them so a
/// spreadsheet can sum them in any locale, HTML and PDF format them in the report's language.
/// The default value is an empty text cell.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ReportCell")]
public readonly record struct ReportCell(
    [property: Id(0)] CellKind Kind,
    [property: Id(1)] string? Text,
    [property: Id(2)] decimal? Value,
    [property: Id(3)] string? Currency,
    [property: Id(4)] int Decimals,
    [property: Id(5)] DateOnly? Date)
{
    public static readonly ReportCell Empty = new(CellKind.Text, string.Empty, null, null, 0, null);

    public static ReportCell Of(string text) => new(CellKind.Text, text, null, null, 0, null);

    public static ReportCell Count(int count) => new(CellKind.Number, null, count, null, 0, null);

    public static ReportCell Number(decimal value, int decimals = 2) => new(CellKind.Number, null, value, null, decimals, null);

    /// <summary>An amount in a currency, written with the currency's minor units (JPY 0, USD 2, KWD 3).</summary>
    public static ReportCell Money(decimal amount, string currency, int minorUnits) => new(CellKind.Money, null, amount, currency, minorUnits, null);

    public static ReportCell Percent(decimal percent, int decimals = 1) => new(CellKind.Percent, null, percent, null, decimals, null);

    public static ReportCell On(DateOnly date) => new(CellKind.Date, null, null, null, 0, date);

    public static ReportCell OnOrEmpty(DateOnly? date) => date is { } d ? On(d) : Empty;

    public static ReportCell NumberOrEmpty(decimal? value, int decimals = 2) => value is { } v ? Number(v, decimals) : Empty;

    public static ReportCell PercentOrEmpty(decimal? percent, int decimals = 1) => percent is { } p ? Percent(p, decimals) : Empty;

    public static implicit operator ReportCell(string text) => Of(text);

    public bool IsNumeric => Kind is CellKind.Number or CellKind.Money or CellKind.Percent;
}

/// <summary>
/// A column of a table. A money column either has one currency for all its cells (said in its
/// title) or is followed by a currency column, so no format ever needs to print a code in a cell.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ReportColumn")]
public sealed record ReportColumn([property: Id(0)] string Title, [property: Id(1)] CellKind Kind = CellKind.Text);

/// <summary>One table of a report, with typed cells.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportTable")]
public sealed record ReportTable(
    [property: Id(0)] string Title,
    [property: Id(1)] ImmutableList<ReportColumn> Columns,
    [property: Id(2)] ImmutableList<ImmutableList<ReportCell>> Rows,
    [property: Id(3)] string? EmptyText = null)
{
    public static ReportTable Of(string title, IEnumerable<ReportColumn> columns, IEnumerable<IEnumerable<ReportCell>> rows, string? emptyText = null) =>
        new(title, [.. columns], [.. rows.Select(r => r.ToImmutableList())], emptyText);
}

/// <summary>How a chart lays out its bars.</summary>
public enum ChartKind
{
    /// <summary>Horizontal bars, one per category (donors, projects, themes), in the order given from the top.</summary>
    Bars = 0,

    /// <summary>Vertical columns in the order given from the left: periods such as months or years.</summary>
    Columns = 1,
}

/// <summary>A bar chart: label and value pairs, with an optional target per bar. <see cref="ChartPicture"/> draws it.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportChart")]
public sealed record ReportChart(
    [property: Id(0)] string Title,
    [property: Id(1)] string Unit,
    [property: Id(2)] ImmutableList<ReportBar> Bars,
    [property: Id(3)] ChartKind Kind = ChartKind.Bars);

[GenerateSerializer, Immutable, Alias("fm.ReportBar")]
public sealed record ReportBar([property: Id(0)] string Label, [property: Id(1)] decimal Value, [property: Id(2)] decimal? Target = null);

[GenerateSerializer, Immutable, Alias("fm.ReportFigure")]
public sealed record ReportFigure([property: Id(0)] string Label, [property: Id(1)] ReportCell Value);

/// <summary>A numbered section, as in a UN report: paragraphs, then its tables and charts.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportSection")]
public sealed record ReportSection(
    [property: Id(0)] string Title,
    [property: Id(1)] ImmutableList<string> Paragraphs,
    [property: Id(2)] ImmutableList<ReportTable> Tables,
    [property: Id(3)] ImmutableList<ReportChart> Charts);

/// <summary>
/// Everything a report says, independent of the format it is read in, already worded in its
/// <see cref="Language"/> ("en" or "fr"); the formats only choose how to write numbers and dates.
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.ReportContent")]
public sealed record ReportContent(
    [property: Id(0)] string Title,
    [property: Id(1)] string Subtitle,
    [property: Id(2)] ImmutableList<ReportFigure> Figures,
    [property: Id(3)] ImmutableList<ReportTable> Tables,
    [property: Id(4)] ImmutableList<ReportChart> Charts)
{
    [Id(5)] public string Language { get; init; } = ReportLanguage.English;

    /// <summary>Numbered sections after the figures, tables and charts above (the report to the Commission).</summary>
    [Id(6)] public ImmutableList<ReportSection> Sections { get; init; } = [];

    /// <summary>Every table, the report's own first, then each section's.</summary>
    public IEnumerable<ReportTable> AllTables => Tables.Concat(Sections.SelectMany(s => s.Tables));

    public IEnumerable<ReportChart> AllCharts => Charts.Concat(Sections.SelectMany(s => s.Charts));
}
