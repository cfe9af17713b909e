using System.Globalization;

namespace FundManager.Reports;

/// <summary>How a typed cell is written as text: for readers in the report's language, or plain for machines.</summary>
public static class CellText
{
    /// <summary>As a reader of the language writes it: 1,234.56 or 1 234,56; 2 December 2026; 87.5%.</summary>
    public static string Display(ReportCell cell, string language)
    {
        var culture = ReportLanguage.CultureOf(language);
        return cell.Kind switch
        {
            CellKind.Number or CellKind.Money when cell.Value is { } v => v.ToString("N" + Places(cell), culture),
            CellKind.Percent when cell.Value is { } p => (p / 100m).ToString("P" + Places(cell), culture),
            CellKind.Date when cell.Date is { } d => ReportLanguage.Date(language, d),
            _ => cell.Text ?? string.Empty,
        };
    }

    /// <summary>
    /// The same figure with no thousands separator and a point for decimals (1234.56), dates as
    /// ISO 8601 (2026-12-02), so a spreadsheet in any locale reads numbers as numbers.
    /// </summary>
    public static string Plain(ReportCell cell) => cell.Kind switch
    {
        CellKind.Number or CellKind.Money or CellKind.Percent when cell.Value is { } v => v.ToString("F" + Places(cell), CultureInfo.InvariantCulture),
        CellKind.Date when cell.Date is { } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => cell.Text ?? string.Empty,
    };

    private static string Places(ReportCell cell) => Math.Clamp(cell.Decimals, 0, 6).ToString(CultureInfo.InvariantCulture);
}
