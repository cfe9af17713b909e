using System.Globalization;
using System.Net;
using ScottPlot;

namespace FundManager.Reports;

/// <summary>
/// A report chart drawn as a picture, by ScottPlot: SVG for pages and HTML documents, PNG for PDF
/// and XLSX. Every format draws its charts here, so a chart looks the same wherever it is read.
/// </summary>
public static class ChartPicture
{
    public const int DefaultWidth = 720;

    private static readonly Color Bar = Color.FromHex("#2f6db5");
    private static readonly Color Target = Color.FromHex("#c0392b");

    /// <summary>An inline SVG element (no XML declaration, no script) labelled with the chart's title for screen readers.</summary>
    public static string Svg(ReportChart chart, CultureInfo culture, int width = DefaultWidth)
    {
        var height = HeightOf(chart);
        var svg = Draw(chart, culture, titled: false).GetSvgXml(width, height);
        var rest = svg[(svg.IndexOf("<svg", StringComparison.Ordinal) + "<svg".Length)..];
        // A viewBox lets the page scale the picture to its column.
        return FormattableString.Invariant($"<svg role=\"img\" aria-label=\"{WebUtility.HtmlEncode(chart.Title)}\" viewBox=\"0 0 {width} {height}\"{rest}");
    }

    /// <summary>A PNG with the chart's title drawn in, for documents that hold pictures rather than markup.</summary>
    public static byte[] Png(ReportChart chart, CultureInfo culture, int width = DefaultWidth) =>
        Draw(chart, culture, titled: true).GetImageBytes(width, HeightOf(chart) + 30, ImageFormat.Png);

    private static int HeightOf(ReportChart chart) => chart.Kind switch
    {
        ChartKind.Bars => 60 + (Math.Max(chart.Bars.Count, 1) * 28),
        _ => 320,
    };

    private static Plot Draw(ReportChart chart, CultureInfo culture, bool titled)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        if (titled)
        {
            plot.Title(chart.Title, size: 14);
        }
        var horizontal = chart.Kind == ChartKind.Bars;
        var count = chart.Bars.Count;
        // Horizontal bars read from the top, so the first bar takes the highest position.
        double PositionOf(int index) => horizontal ? count - 1 - index : index;
        var bars = chart.Bars.Select((b, i) => new Bar
        {
            Position = PositionOf(i),
            Value = (double)b.Value,
            Orientation = horizontal ? Orientation.Horizontal : Orientation.Vertical,
            FillColor = Bar,
            LineWidth = 0,
            Size = 0.7,
        }).ToList();
        plot.Add.Bars(bars);
        for (var i = 0; i < count; i++)
        {
            if (chart.Bars[i].Target is not { } target)
            {
                continue;
            }
            var p = PositionOf(i);
            var mark = horizontal
                ? plot.Add.Line((double)target, p - 0.45, (double)target, p + 0.45)
                : plot.Add.Line(p - 0.45, (double)target, p + 0.45, (double)target);
            mark.Color = Target;
            mark.LineWidth = 3;
        }

        var labels = chart.Bars.Select(b => Shorten(b.Label, 40)).ToArray();
        var positions = Enumerable.Range(0, count).Select(i => PositionOf(i)).ToArray();
        var categoryAxis = horizontal ? (IAxis)plot.Axes.Left : plot.Axes.Bottom;
        var valueAxis = horizontal ? (IAxis)plot.Axes.Bottom : plot.Axes.Left;
        categoryAxis.SetTicks(positions, labels);
        categoryAxis.MajorTickStyle.Length = 0;
        valueAxis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => v.ToString("N0", culture),
        };
        if (chart.Unit.Length > 0)
        {
            valueAxis.Label.Text = chart.Unit;
        }
        if (horizontal)
        {
            plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
            plot.Axes.Margins(left: 0, right: 0.08, bottom: 0.02, top: 0.02);
        }
        else
        {
            plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
            plot.Axes.Margins(left: 0.02, right: 0.02, bottom: 0, top: 0.08);
        }
        return plot;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
