using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace FundManager.Reports;

/// <summary>
/// A report as a PDF to send (by PDFsharp, in the embedded DejaVu Sans): A4 landscape, numbers and
/// dates in the report's language, tables that carry on across pages under their column titles,
/// charts as pictures (PNG from <see cref="ChartPicture"/>), numbered sections and paragraphs.
/// </summary>
public sealed class PdfReport
{
    private const double Margin = 40, LineGap = 3, CellPad = 3;

    private readonly PdfDocument _document = new();
    private readonly string _language;
    private readonly XFont _title, _heading, _body, _bold, _small;
    private XGraphics? _page;
    private double _y;
    private int _paragraph;

    private PdfReport(ReportContent content)
    {
        EmbeddedFonts.Install();
        _language = content.Language;
        _document.Info.Title = content.Title;
        _document.Info.Creator = "FundManager";
        _title = new XFont(EmbeddedFonts.Family, 16, XFontStyleEx.Bold);
        _heading = new XFont(EmbeddedFonts.Family, 12, XFontStyleEx.Bold);
        _body = new XFont(EmbeddedFonts.Family, 9);
        _bold = new XFont(EmbeddedFonts.Family, 9, XFontStyleEx.Bold);
        _small = new XFont(EmbeddedFonts.Family, 8);
    }

    public static byte[] Render(ReportContent content)
    {
        var pdf = new PdfReport(content);
        pdf.Write(content);
        using var output = new MemoryStream();
        pdf._document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private double Width => Page.PageSize.Width - (2 * Margin);

    private XGraphics Page => _page ?? NewPage();

    private void Write(ReportContent content)
    {
        Paragraph(content.Title, _title);
        Paragraph(content.Subtitle, _body);
        _y += 6;
        foreach (var figure in content.Figures)
        {
            Room(_body.Height + LineGap);
            Page.DrawString(figure.Label, _bold, XBrushes.Black, new XRect(Margin, _y, Width * 0.45, _body.Height), XStringFormats.TopLeft);
            Page.DrawString(CellText.Display(figure.Value, _language), _body, XBrushes.Black, new XRect(Margin + (Width * 0.45), _y, Width * 0.3, _body.Height), XStringFormats.TopLeft);
            _y += _body.Height + LineGap;
        }
        foreach (var chart in content.Charts)
        {
            Chart(chart);
        }
        foreach (var table in content.Tables)
        {
            Table(table);
        }
        for (var s = 0; s < content.Sections.Count; s++)
        {
            var section = content.Sections[s];
            _y += 8;
            Paragraph($"{RomanNumeral.Of(s + 1)}. {section.Title}", _heading);
            foreach (var text in section.Paragraphs)
            {
                _paragraph++;
                Paragraph(text, _body, $"{_paragraph}.");
            }
            foreach (var table in section.Tables)
            {
                Table(table);
            }
            foreach (var chart in section.Charts)
            {
                Chart(chart);
            }
        }
    }

    private XGraphics NewPage()
    {
        _page?.Dispose();
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        _page = XGraphics.FromPdfPage(page);
        _y = Margin;
        var number = _document.PageCount.ToString(ReportLanguage.CultureOf(_language));
        _page.DrawString(number, _small, XBrushes.Gray, new XRect(Margin, page.Height.Point - Margin + 10, Width, _small.Height), XStringFormats.TopRight);
        return _page;
    }

    // Starts a new page unless the next thing fits on this one.
    private void Room(double height)
    {
        if (_page is null || _y + height > Page.PageSize.Height - Margin)
        {
            NewPage();
        }
    }

    private void Paragraph(string text, XFont font, string? number = null)
    {
        var indent = number is null ? 0 : 28;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Room(font.Height + LineGap);
            if (number is not null)
            {
                Page.DrawString(number, font, XBrushes.Black, new XRect(Margin, _y, indent, font.Height), XStringFormats.TopLeft);
                number = null;
            }
            Page.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, Width - indent, font.Height), XStringFormats.TopLeft);
            _y += font.Height + LineGap;
        }
    }

    private void Table(ReportTable table)
    {
        _y += 8;
        Room(_heading.Height + (3 * (_body.Height + (2 * CellPad))));
        Paragraph(table.Title, _heading);
        if (table.Rows.Count == 0)
        {
            Paragraph(table.EmptyText ?? ReportLanguage.Label(_language, "None"), _body);
            return;
        }
        var texts = table.Rows.Select(r => r.Select(c => (Text: CellText.Display(c, _language), c.IsNumeric)).ToList()).ToList();
        var widths = ColumnWidths(table, texts);
        void Header()
        {
            var lines = table.Columns.Select((c, i) => Wrap(c.Title, _bold, widths[i] - (2 * CellPad))).ToList();
            var height = (lines.Max(l => l.Count) * _bold.Height) + (2 * CellPad);
            Room(height + _body.Height + (2 * CellPad));
            var x = Margin;
            for (var i = 0; i < table.Columns.Count; i++)
            {
                Page.DrawRectangle(new XPen(XColors.LightGray, 0.5), new XSolidBrush(XColor.FromArgb(238, 242, 247)), x, _y, widths[i], height);
                for (var l = 0; l < lines[i].Count; l++)
                {
                    Page.DrawString(lines[i][l], _bold, XBrushes.Black, new XRect(x + CellPad, _y + CellPad + (l * _bold.Height), widths[i] - (2 * CellPad), _bold.Height), XStringFormats.TopLeft);
                }
                x += widths[i];
            }
            _y += height;
        }
        Header();
        foreach (var row in texts)
        {
            var lines = row.Select((c, i) => c.IsNumeric ? [c.Text] : Wrap(c.Text, _body, widths[Math.Min(i, widths.Length - 1)] - (2 * CellPad))).ToList();
            var height = (lines.Max(l => l.Count) * _body.Height) + (2 * CellPad);
            if (_y + height > Page.PageSize.Height - Margin)
            {
                NewPage();
                Header();
            }
            var x = Margin;
            for (var i = 0; i < row.Count && i < widths.Length; i++)
            {
                Page.DrawRectangle(new XPen(XColors.LightGray, 0.5), x, _y, widths[i], height);
                for (var l = 0; l < lines[i].Count; l++)
                {
                    Page.DrawString(lines[i][l], _body, XBrushes.Black, new XRect(x + CellPad, _y + CellPad + (l * _body.Height), widths[i] - (2 * CellPad), _body.Height),
                        row[i].IsNumeric ? XStringFormats.TopRight : XStringFormats.TopLeft);
                }
                x += widths[i];
            }
            _y += height;
        }
    }

    // Each column gets what its widest cell needs, numbers never less; text columns share what is left.
    private double[] ColumnWidths(ReportTable table, List<List<(string Text, bool IsNumeric)>> texts)
    {
        var need = table.Columns.Select((c, i) => Math.Max(
            Math.Min(Page.MeasureString(c.Title, _bold).Width, 90),
            texts.Count == 0 ? 0 : texts.Max(r => i < r.Count ? Page.MeasureString(r[i].Text, _body).Width : 0)) + (2 * CellPad) + 2).ToArray();
        var total = need.Sum();
        if (total <= Width)
        {
            return need;
        }
        var numeric = table.Columns.Select((c, i) => c.Kind != CellKind.Text).ToArray();
        var fixedWidth = need.Where((_, i) => numeric[i]).Sum();
        var textNeed = need.Where((_, i) => !numeric[i]).Sum();
        var share = Math.Max(Width - fixedWidth, Width * 0.3) / Math.Max(textNeed, 1);
        return [.. need.Select((w, i) => numeric[i] ? w : Math.Max(w * share, 40))];
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Page.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private void Chart(ReportChart chart)
    {
        if (chart.Bars.Count == 0)
        {
            return;
        }
        var png = ChartPicture.Png(chart, ReportLanguage.CultureOf(_language));
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        // 72 points per inch against the picture's 96 pixels per inch, no wider than the page.
        var width = Math.Min(image.PixelWidth * 0.75, Width);
        var height = image.PixelHeight * (width / image.PixelWidth);
        _y += 8;
        Room(height);
        Page.DrawImage(image, Margin, _y, width, height);
        _y += height + 6;
    }
}
