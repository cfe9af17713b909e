using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace FundManager.Web.Pages.Finance;

/// <summary>One line of a bank statement as the bank wrote it, before anything is checked.</summary>
public sealed record StatementLine(int Row, string Reference, string Pledge, string Amount, string Currency, string ValueDate);

/// <summary>
/// A bank statement of payments received, as CSV with a header row: <c>reference</c> (the bank's
/// own reference of the credit), <c>pledge</c> (the pledge's reference or id), <c>amount</c>
/// (digits with a decimal point), <c>currency</c> and <c>value_date</c> (yyyy-mm-dd). Read by
/// CsvHelper; checking what the lines mean is the import page's and the grains' work.
/// </summary>
public static class BankStatement
{
    public static readonly string[] Columns = ["reference", "pledge", "amount", "currency", "value_date"];

    /// <summary>The payment's idempotency key: the statement's own reference, so importing the same file again posts nothing twice.</summary>
    public static string KeyOf(string reference) => $"bank:{reference.Trim()}";

    /// <summary>The lines of the statement, or the reason it cannot be read at all.</summary>
    public static (IReadOnlyList<StatementLine> Lines, string? Problem) Read(string text)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            DetectDelimiter = true,
        };
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader())
        {
            return ([], "empty");
        }
        var header = csv.HeaderRecord ?? [];
        var missing = Columns.Where(c => !header.Any(h => string.Equals(h.Trim(), c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            return ([], string.Join(", ", missing));
        }
        var lines = new List<StatementLine>();
        while (csv.Read())
        {
            lines.Add(new StatementLine(
                csv.Parser.Row,
                csv.GetField("reference") ?? string.Empty,
                csv.GetField("pledge") ?? string.Empty,
                csv.GetField("amount") ?? string.Empty,
                csv.GetField("currency") ?? string.Empty,
                csv.GetField("value_date") ?? string.Empty));
        }
        return (lines, null);
    }
}
