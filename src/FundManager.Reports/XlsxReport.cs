using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace FundManager.Reports;

/// <summary>
/// A report as an XLSX workbook (by the Open XML SDK): a summary sheet with the figures and the
/// charts as pictures (PNG from <see cref="ChartPicture"/>), then one sheet per table. Numbers,
/// money and percentages are number cells with a number format, dates are date cells, so a
/// spreadsheet sums and sorts them in any locale.
/// </summary>
public static class XlsxReport
{
    // Cell formats, in the order the stylesheet below lists them.
    private const uint Plain = 0, Bold = 1, Whole = 2, Cents = 3, Mills = 4, Day = 5, Percentage = 6, Heading = 7;

    public static byte[] Render(ReportContent content)
    {
        var culture = ReportLanguage.CultureOf(content.Language);
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            var summary = new SheetData();
            var rowIndex = 0u;
            Append(summary, ref rowIndex, [new TextCell(content.Title, Heading)]);
            Append(summary, ref rowIndex, [new TextCell(content.Subtitle, Plain)]);
            rowIndex++;
            foreach (var figure in content.Figures)
            {
                Append(summary, ref rowIndex, [new TextCell(figure.Label, Bold), figure.Value]);
            }
            foreach (var section in content.Sections.Select((s, i) => (Section: s, Number: i + 1)))
            {
                rowIndex++;
                Append(summary, ref rowIndex, [new TextCell($"{RomanNumeral.Of(section.Number)}. {section.Section.Title}", Bold)]);
                foreach (var paragraph in section.Section.Paragraphs)
                {
                    Append(summary, ref rowIndex, [new TextCell(paragraph, Plain)]);
                }
            }
            var summarySheet = AddSheet(workbook, sheets, names, ReportLanguage.Label(content.Language, "Summary"), summary, [60, 22]);
            var charts = content.AllCharts.Where(c => c.Bars.Count > 0).ToList();
            if (charts.Count > 0)
            {
                AddPictures(summarySheet, rowIndex + 1, charts.Select(c => ChartPicture.Png(c, culture)));
            }

            foreach (var table in content.AllTables)
            {
                var data = new SheetData();
                var r = 0u;
                Append(data, ref r, [new TextCell(table.Title, Heading)]);
                Append(data, ref r, table.Columns.Select(c => (object)new TextCell(c.Title, Bold)));
                foreach (var row in table.Rows)
                {
                    Append(data, ref r, row.Cast<object>());
                }
                if (table.Rows.Count == 0)
                {
                    Append(data, ref r, [new TextCell(table.EmptyText ?? ReportLanguage.Label(content.Language, "None"), Plain)]);
                }
                AddSheet(workbook, sheets, names, table.Title, data, [.. table.Columns.Select(c => c.Kind == CellKind.Text ? 28d : 16d)]);
            }
            workbook.Workbook.Save();
        }
        return output.ToArray();
    }

    private sealed record TextCell(string Text, uint Style);

    private static void Append(SheetData data, ref uint rowIndex, IEnumerable<object> cells)
    {
        rowIndex++;
        var row = new Row { RowIndex = rowIndex };
        var column = 0;
        foreach (var value in cells)
        {
            var cell = value switch
            {
                TextCell t => Text(t.Text, t.Style),
                ReportCell c => CellOf(c),
                _ => throw new ArgumentException("A sheet holds text and report cells.", nameof(cells)),
            };
            cell.CellReference = $"{ColumnName(column)}{rowIndex}";
            row.Append(cell);
            column++;
        }
        data.Append(row);
    }

    private static Cell CellOf(ReportCell cell) => cell.Kind switch
    {
        CellKind.Number or CellKind.Money when cell.Value is { } v => Number(v, cell.Decimals switch { 0 => Whole, 3 => Mills, _ => Cents }),
        // Spreadsheets hold a percentage as its fraction, shown with a % format.
        CellKind.Percent when cell.Value is { } p => Number(p / 100m, Percentage),
        CellKind.Date when cell.Date is { } d => Number((decimal)d.ToDateTime(TimeOnly.MinValue).ToOADate(), Day),
        _ => Text(cell.Text ?? string.Empty, Plain),
    };

    private static Cell Number(decimal value, uint style) =>
        new() { DataType = CellValues.Number, CellValue = new CellValue(value), StyleIndex = style };

    private static Cell Text(string text, uint style) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }), StyleIndex = style };

    private static string ColumnName(int index)
    {
        var name = new StringBuilder();
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((index - 1) % 26)));
        }
        return name.ToString();
    }

    private static WorksheetPart AddSheet(WorkbookPart workbook, Sheets sheets, HashSet<string> names, string title, SheetData data, double[] widths)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));
        part.Worksheet = new Worksheet(columns, data);
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(sheets.Count() + 1), Name = SheetName(title, names) });
        return part;
    }

    // Sheet names are at most 31 characters, unique, without []:*?/\.
    private static string SheetName(string title, HashSet<string> taken)
    {
        var clean = new string([.. title.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? ' ' : c)]).Trim();
        var name = clean.Length > 31 ? clean[..31] : clean;
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = $" ({n})";
            name = (clean.Length > 31 - suffix.Length ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return name;
    }

    private static Stylesheet Styles() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164, FormatCode = "#,##0.000" },
            new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd" },
            new NumberingFormat { NumberFormatId = 166, FormatCode = "0.0%" }) { Count = 3 },
        new Fonts(
            new Font(new FontSize { Val = 11 }),
            new Font(new Bold(), new FontSize { Val = 11 }),
            new Font(new Bold(), new FontSize { Val = 14 })) { Count = 3 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 166, ApplyNumberFormat = true },
            new CellFormat { FontId = 2, ApplyFont = true }) { Count = 8 });

    // Pictures sit one under another from the given row, each anchored at its top-left cell, at its own size.
    private static void AddPictures(WorksheetPart sheet, uint fromRow, IEnumerable<byte[]> pngs)
    {
        var drawings = sheet.AddNewPart<DrawingsPart>();
        sheet.Worksheet.Append(new Drawing { Id = sheet.GetIdOfPart(drawings) });
        var drawing = new Xdr.WorksheetDrawing();
        drawings.WorksheetDrawing = drawing;
        const long EmuPerPixel = 9525;
        var row = (int)fromRow;
        var id = 1u;
        foreach (var png in pngs)
        {
            var image = drawings.AddImagePart(ImagePartType.Png);
            using (var stream = new MemoryStream(png))
            {
                image.FeedData(stream);
            }
            var (width, height) = PngSize(png);
            drawing.Append(new Xdr.OneCellAnchor(
                new Xdr.FromMarker(new Xdr.ColumnId("0"), new Xdr.ColumnOffset("0"), new Xdr.RowId(row.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
                new Xdr.Extent { Cx = width * EmuPerPixel, Cy = height * EmuPerPixel },
                new Xdr.Picture(
                    new Xdr.NonVisualPictureProperties(new Xdr.NonVisualDrawingProperties { Id = id, Name = $"Chart {id}" }, new Xdr.NonVisualPictureDrawingProperties(new A.PictureLocks { NoChangeAspect = true })),
                    new Xdr.BlipFill(new A.Blip { Embed = drawings.GetIdOfPart(image) }, new A.Stretch(new A.FillRectangle())),
                    new Xdr.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = width * EmuPerPixel, Cy = height * EmuPerPixel }), new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })),
                new Xdr.ClientData()));
            // A default row is 20 pixels high; leave two rows between pictures.
            row += (int)(height / 20) + 2;
            id++;
        }
        drawing.Save();
    }

    // A PNG's size is in its header: width and height, big-endian, at bytes 16 and 20.
    private static (long Width, long Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}
