namespace FundManager.Reports;

/// <summary>The formats every stored report is kept in, and the one place that renders a report in any of them.</summary>
public static class ReportFormats
{
    public const string Html = "html";
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";
    public const string Pdf = "pdf";

    /// <summary>The formats a report is stored and served in; JSON comes from the API itself.</summary>
    public static IReadOnlyList<string> All { get; } = [Html, Csv, Xlsx, Pdf];

    public static IReadOnlyDictionary<string, string> ContentTypes { get; } = new Dictionary<string, string>
    {
        [Html] = "text/html; charset=utf-8",
        [Csv] = "text/csv; charset=utf-8",
        [Xlsx] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [Pdf] = "application/pdf",
    };

    public static byte[] Render(ReportContent content, string format) => format switch
    {
        Html => HtmlReport.Render(content),
        Csv => CsvReport.Render(content),
        Xlsx => XlsxReport.Render(content),
        Pdf => PdfReport.Render(content),
        _ => throw new ArgumentException($"Unknown report format '{format}'.", nameof(format)),
    };
}
