using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace FundManager.Reports;

/// <summary>
/// A report in RFC 4180 CSV (by CsvHelper): every table one after the other, each under its
/// title. Numbers are plain (1234.56) and dates ISO, so a spreadsheet sums them in any locale;
/// cells that would start a formula are escaped.
/// </summary>
public sealed class CsvReport : IDisposable, IAsyncDisposable
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    private readonly CsvWriter _csv;

    /// <summary>Writes to <paramref name="output"/> as rows come, with a UTF-8 byte order mark so spreadsheets read accents right.</summary>
    public CsvReport(Stream output)
    {
        _csv = new CsvWriter(new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true), Configuration);
    }

    public static byte[] Render(ReportContent content)
    {
        using var output = new MemoryStream();
        using (var csv = new CsvReport(output))
        {
            csv.Line([content.Title]);
            csv.Line([content.Subtitle]);
            foreach (var figure in content.Figures)
            {
                csv.Line([figure.Label, CellText.Plain(figure.Value)]);
            }
            foreach (var table in content.AllTables)
            {
                csv.Table(table.Title, table.Columns);
                foreach (var row in table.Rows)
                {
                    csv.Row(row);
                }
            }
        }
        return output.ToArray();
    }

    /// <summary>A blank line, the table's title, then its column titles.</summary>
    public void Table(string title, IEnumerable<ReportColumn> columns)
    {
        _csv.NextRecord();
        Line([title]);
        Line(columns.Select(c => c.Title));
    }

    public void Row(IEnumerable<ReportCell> cells) => Line(cells.Select(CellText.Plain));

    public void Line(IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            _csv.WriteField(field);
        }
        _csv.NextRecord();
    }

    public Task FlushAsync() => _csv.FlushAsync();

    public void Dispose() => _csv.Dispose();

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
