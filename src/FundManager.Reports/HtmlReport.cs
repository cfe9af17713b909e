using System.Net;
using System.Text;

namespace FundManager.Reports;

/// <summary>
/// A report as a self-contained page (no scripts, no external files) in the report's language:
/// numbers and dates formatted for its readers, charts as inline SVG from <see cref="ChartPicture"/>,
/// sections numbered in Roman numerals and paragraphs numbered through, as in a UN report.
/// </summary>
public static class HtmlReport
{
    public static byte[] Render(ReportContent content)
    {
        var language = content.Language;
        var culture = ReportLanguage.CultureOf(language);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\"><title>").Append(E(content.Title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:70rem}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}")
            .Append("table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .6rem}th{background:#eef2f7;text-align:left}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}")
            .Append("p.para{margin-left:2.5rem;text-indent:-2.5rem}.num{display:inline-block;width:2.5rem;text-indent:0}")
            .Append(".empty{color:#666;font-style:italic}svg{max-width:100%;height:auto}</style></head><body>")
            .Append("<h1>").Append(E(content.Title)).Append("</h1><p class=\"subtitle\">").Append(E(content.Subtitle)).Append("</p>");
        if (content.Figures.Count > 0)
        {
            html.Append("<dl>");
            foreach (var figure in content.Figures)
            {
                html.Append("<dt>").Append(E(figure.Label)).Append("</dt><dd>").Append(E(CellText.Display(figure.Value, language))).Append("</dd>");
            }
            html.Append("</dl>");
        }
        foreach (var chart in content.Charts)
        {
            Chart(html, chart, "h2", culture);
        }
        foreach (var table in content.Tables)
        {
            Table(html, table, "h2", language);
        }
        var paragraph = 0;
        for (var s = 0; s < content.Sections.Count; s++)
        {
            var section = content.Sections[s];
            html.Append("<section><h2>").Append(RomanNumeral.Of(s + 1)).Append(". ").Append(E(section.Title)).Append("</h2>");
            foreach (var text in section.Paragraphs)
            {
                paragraph++;
                html.Append("<p class=\"para\"><span class=\"num\">").Append(paragraph).Append(".</span>").Append(E(text)).Append("</p>");
            }
            foreach (var table in section.Tables)
            {
                Table(html, table, "h3", language);
            }
            foreach (var chart in section.Charts)
            {
                Chart(html, chart, "h3", culture);
            }
            html.Append("</section>");
        }
        html.Append("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void Table(StringBuilder html, ReportTable table, string heading, string language)
    {
        html.Append('<').Append(heading).Append('>').Append(E(table.Title)).Append("</").Append(heading).Append('>');
        if (table.Rows.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(E(table.EmptyText ?? ReportLanguage.Label(language, "None"))).Append("</p>");
            return;
        }
        html.Append("<table><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th scope=\"col\">").Append(E(column.Title)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(cell.IsNumeric ? "<td class=\"n\">" : "<td>").Append(E(CellText.Display(cell, language))).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void Chart(StringBuilder html, ReportChart chart, string heading, System.Globalization.CultureInfo culture)
    {
        if (chart.Bars.Count == 0)
        {
            return;
        }
        html.Append("<figure><").Append(heading).Append('>').Append(E(chart.Title)).Append("</").Append(heading).Append('>')
            .Append(ChartPicture.Svg(chart, culture)).Append("</figure>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
