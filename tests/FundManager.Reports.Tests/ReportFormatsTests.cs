using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig;

namespace FundManager.Reports.Tests;

public sealed class ReportFormatsTests
{
    private static ReportContent Sample(string language)
    {
        var text = new ReportText(language);
        return new ReportContent(
            text["Balance.Title"],
            text.Format("Balance.Subtitle", "gptf", text.Date(new DateOnly(2026, 6, 30))),
            [new ReportFigure(text["Cash"], ReportCell.Money(1_234_567.89m, "USD", 2))],
            [ReportTable.Of(
                text["Payments"],
                [new(text["Donor"]), new(text["ValueDate"], CellKind.Date), new(text["Amount"], CellKind.Money), new(text["Currency"]), new(text["Received"], CellKind.Money), new(text["Delivery"], CellKind.Percent)],
                [
                    [ReportCell.Of("Norway"), ReportCell.On(new DateOnly(2026, 3, 15)), ReportCell.Money(10_000_000m, "NOK", 2), "NOK", ReportCell.Money(943_396.23m, "USD", 2), ReportCell.Percent(87.5m)],
                    [ReportCell.Of("=HYPERLINK(\"x\")"), ReportCell.On(new DateOnly(2026, 4, 1)), ReportCell.Money(150_000_000m, "JPY", 0), "JPY", ReportCell.Money(1_000_000m, "USD", 2), ReportCell.Percent(12.25m, 2)],
                ])],
            [new ReportChart(text["ReceivedByDonor"], "USD", [new ReportBar("Norway", 943_396.23m), new ReportBar("Japan", 1_000_000m)])])
        {
            Language = language,
            Sections = [new ReportSection(text["Sources"], ["The first paragraph.", "The second paragraph."], [], [])],
        };
    }

    [Fact]
    public void csv_writes_numbers_without_separators_and_dates_as_iso_whatever_the_language()
    {
        var csv = System.Text.Encoding.UTF8.GetString(ReportFormats.Render(Sample(ReportLanguage.French), ReportFormats.Csv));

        Assert.Contains("Norway,2026-03-15,10000000.00,NOK,943396.23,87.5\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",150000000,JPY,1000000.00,12.25", csv, StringComparison.Ordinal);
        Assert.Contains("Trésorerie détenue pour le fonds,1234567.89", csv, StringComparison.Ordinal);
        // A cell that would start a formula is escaped, so a spreadsheet shows it as text.
        Assert.DoesNotContain("\n=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void xlsx_cells_are_numbers_with_a_number_format_and_dates_are_dates()
    {
        using var stream = new MemoryStream(ReportFormats.Render(Sample(ReportLanguage.English), ReportFormats.Xlsx));
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Summary", "Payments"], sheets.Select(s => s.Name!.Value));
        var payments = ((WorksheetPart)workbook.GetPartById(sheets[1].Id!)).Worksheet;
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var numberFormats = workbook.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
        Cell At(string reference) => payments.Descendants<Cell>().Single(c => c.CellReference == reference);
        uint FormatOf(Cell cell) => formats[(int)cell.StyleIndex!.Value].NumberFormatId!.Value;

        var amount = At("C3");
        Assert.Equal(CellValues.Number, amount.DataType!.Value);
        Assert.Equal(10_000_000m, decimal.Parse(amount.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4u, FormatOf(amount)); // #,##0.00
        var yen = At("C4");
        Assert.Equal(3u, FormatOf(yen)); // #,##0: no minor units in JPY
        var date = At("B3");
        Assert.Equal(CellValues.Number, date.DataType!.Value);
        Assert.Equal(new DateTime(2026, 3, 15), DateTime.FromOADate(double.Parse(date.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("yyyy-mm-dd", numberFormats[FormatOf(date)]);
        var percent = At("F3");
        Assert.Equal(0.875m, decimal.Parse(percent.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.0%", numberFormats[FormatOf(percent)]);
        Assert.Equal("Norway", At("A3").InnerText);
        // The chart is a picture on the summary sheet.
        var summary = (WorksheetPart)workbook.GetPartById(sheets[0].Id!);
        Assert.Single(summary.DrawingsPart!.ImageParts);
    }

    [Fact]
    public void pdf_text_carries_the_figures_in_the_readers_language()
    {
        var pdfBytes = ReportFormats.Render(Sample(ReportLanguage.English), ReportFormats.Pdf);
        using var pdf = PdfDocument.Open(pdfBytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));

        Assert.Contains("Balance sheet", text, StringComparison.Ordinal);
        Assert.Contains("1,234,567.89", text, StringComparison.Ordinal);
        Assert.Contains("10,000,000.00", text, StringComparison.Ordinal);
        Assert.Contains("150,000,000", text, StringComparison.Ordinal);
        Assert.Contains("15 March 2026", text, StringComparison.Ordinal);
        Assert.Contains("I. Sources", text, StringComparison.Ordinal);
        Assert.True(pdf.GetPages().SelectMany(p => p.GetImages()).Any(), "the chart is drawn in as a picture");
    }

    [Fact]
    public void french_pdf_has_french_labels_numbers_and_dates()
    {
        using var pdf = PdfDocument.Open(ReportFormats.Render(Sample(ReportLanguage.French), ReportFormats.Pdf));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));

        Assert.Contains("Bilan", text, StringComparison.Ordinal);
        Assert.Contains("Trésorerie", text, StringComparison.Ordinal);
        Assert.Contains("mars", text, StringComparison.Ordinal);
        Assert.Contains("567,89", text, StringComparison.Ordinal);
    }

    [Fact]
    public void html_is_in_the_reports_language_with_formatted_cells_numbered_sections_and_an_svg_chart()
    {
        var html = System.Text.Encoding.UTF8.GetString(ReportFormats.Render(Sample(ReportLanguage.French), ReportFormats.Html));
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("fr", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Bilan", document.QuerySelector("h1")!.TextContent);
        var headers = document.QuerySelectorAll("th").Select(h => h.TextContent).ToList();
        Assert.Contains("Donateur", headers);
        Assert.Contains("Date de valeur", headers);
        var first = document.QuerySelectorAll("tbody tr").First().QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal("15 mars 2026", first[1]);
        Assert.Equal("10\u202f000\u202f000,00", first[2]);
        Assert.Matches("^87,5\\s%$", first[5]);
        Assert.Equal("n", document.QuerySelectorAll("tbody tr").First().QuerySelectorAll("td")[2].ClassName);
        Assert.Equal("I. Sources", document.QuerySelector("section h2")!.TextContent);
        Assert.Equal(["1.", "2."], document.QuerySelectorAll("p.para .num").Select(n => n.TextContent));
        Assert.NotNull(document.QuerySelector("figure svg[role=img]"));
        Assert.Empty(document.QuerySelectorAll("script"));
    }

    [Fact]
    public void every_label_has_an_english_and_a_french_text_and_they_differ_where_the_words_do()
    {
        Assert.Equal("Training of criminal-justice personnel", ReportLanguage.Label(ReportLanguage.English, "ThematicArea.CriminalJusticeTraining"));
        Assert.Equal("Formation du personnel de la justice pénale", ReportLanguage.Label(ReportLanguage.French, "ThematicArea.CriminalJusticeTraining"));
        Assert.Throws<KeyNotFoundException>(() => ReportLanguage.Label(ReportLanguage.French, "NoSuchLabel"));
    }
}
