using System.Collections.Immutable;

namespace FundManager.Reports;

/// <summary>How a cell is meant to be read, so renderers can align and format it.</summary>
public enum CellKind
{
    Text = 0,
    Number = 1,
    Money = 2,
}

[GenerateSerializer, Immutable, Alias("fm.ReportColumn")]
public sealed record ReportColumn([property: Id(0)] string Title, [property: Id(1)] CellKind Kind = CellKind.Text);

/// <summary>One table of a report; cells are already formatted as the reader should see them.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportTable")]
public sealed record ReportTable(
    [property: Id(0)] string Title,
    [property: Id(1)] ImmutableList<ReportColumn> Columns,
    [property: Id(2)] ImmutableList<ImmutableList<string>> Rows,
    [property: Id(3)] string? EmptyText = null)
{
    public static ReportTable Of(string title, IEnumerable<ReportColumn> columns, IEnumerable<IEnumerable<string>> rows, string? emptyText = null) =>
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
public sealed record ReportFigure([property: Id(0)] string Label, [property: Id(1)] string Value);

/// <summary>Everything a report says, independent of the format it is read in.</summary>
[GenerateSerializer, Immutable, Alias("fm.ReportContent")]
public sealed record ReportContent(
    [property: Id(0)] string Title,
    [property: Id(1)] string Subtitle,
    [property: Id(2)] ImmutableList<ReportFigure> Figures,
    [property: Id(3)] ImmutableList<ReportTable> Tables,
    [property: Id(4)] ImmutableList<ReportChart> Charts);
