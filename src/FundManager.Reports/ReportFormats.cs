using System.Globalization;
using System.Net;
using System.Text;

namespace FundManager.Reports;

/// <summary>The formats every stored report is kept in.</summary>
public static class ReportFormats
{
    public const string Csv = "csv";
    public const string Html = "html";

    public static IReadOnlyDictionary<string, string> ContentTypes { get; } = new Dictionary<string, string>
    {
        [Csv] = "text/csv; charset=utf-8",
        [Html] = "text/html; charset=utf-8",
    };

    /// <summary>Every table one after the other, each under its title, in RFC 4180 CSV.</summary>
    public static byte[] RenderCsv(ReportContent content)
    {
        var csv = new StringBuilder();
        Row(csv, [content.Title]);
        Row(csv, [content.Subtitle]);
        foreach (var figure in content.Figures)
        {
            Row(csv, [figure.Label, figure.Value]);
        }
        foreach (var table in content.Tables)
        {
            csv.Append("\r\n");
            Row(csv, [table.Title]);
            Row(csv, table.Columns.Select(c => c.Title));
            foreach (var row in table.Rows)
            {
                Row(csv, row);
            }
        }
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    /// <summary>A self-contained page (no scripts, no external files) with SVG bar charts.</summary>
    public static byte[] RenderHtml(ReportContent content)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(content.Title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}")
            .Append("table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem}th{background:#eef2f7;text-align:left}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}")
            .Append(".empty{color:#666;font-style:italic}</style></head><body>")
            .Append("<h1>").Append(E(content.Title)).Append("</h1><p>").Append(E(content.Subtitle)).Append("</p>");
        if (content.Figures.Count > 0)
        {
            html.Append("<dl>");
            foreach (var figure in content.Figures)
            {
                html.Append("<dt>").Append(E(figure.Label)).Append("</dt><dd>").Append(E(figure.Value)).Append("</dd>");
            }
            html.Append("</dl>");
        }
        foreach (var chart in content.Charts)
        {
            AppendChart(html, chart);
        }
        foreach (var table in content.Tables)
        {
            html.Append("<h2>").Append(E(table.Title)).Append("</h2>");
            if (table.Rows.Count == 0)
            {
                html.Append("<p class=\"empty\">").Append(E(table.EmptyText ?? "None.")).Append("</p>");
                continue;
            }
            html.Append("<table><thead><tr>");
            foreach (var column in table.Columns)
            {
                html.Append("<th>").Append(E(column.Title)).Append("</th>");
            }
            html.Append("</tr></thead><tbody>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                for (var i = 0; i < row.Count; i++)
                {
                    var numeric = i < table.Columns.Count && table.Columns[i].Kind != CellKind.Text;
                    html.Append(numeric ? "<td class=\"n\">" : "<td>").Append(E(row[i])).Append("</td>");
                }
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    public static byte[] Render(ReportContent content, string format) => format switch
    {
        Csv => RenderCsv(content),
        Html => RenderHtml(content),
        _ => throw new ArgumentException($"Unknown report format '{format}'.", nameof(format)),
    };

    private static void AppendChart(StringBuilder html, ReportChart chart)
    {
        if (chart.Bars.Count == 0)
        {
            return;
        }
        html.Append("<h2>").Append(E(chart.Title)).Append("</h2>").Append(ChartPicture.Svg(chart, CultureInfo.InvariantCulture));
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void Row(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
    }

    // Quotes cells that need it, and defuses spreadsheet formulas (a cell starting with =, +, - or @).
    private static string Quote(string cell)
    {
        var value = cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal) && !decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? "'" + cell
            : cell;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
