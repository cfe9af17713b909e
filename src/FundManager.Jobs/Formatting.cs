using System.Globalization;
using FundManager.Domain.Currencies;
using FundManager.Reports;

namespace FundManager.Jobs;

/// <summary>
/// Money and labels as report cells, and the machine-readable text of report summaries (invariant,
/// so a summary reads the same everywhere).
/// </summary>
internal static class Formatting
{
    /// <summary>An amount as a typed cell, with its currency's minor units.</summary>
    public static ReportCell Cell(Money money) => ReportCell.Money(money.Amount, money.Currency.Code, money.Currency.MinorUnits);

    /// <summary>An enum value's words in the report's language ("Training of criminal-justice personnel"), never its name.</summary>
    public static string Of<T>(this ReportText text, T value) where T : struct, Enum => text[$"{typeof(T).Name}.{value}"];

    /// <summary>A machine-readable amount for report summaries: 250000.00, never 250000.</summary>
    public static string Plain(Money money) => money.Amount.ToString("F" + money.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
