using System.Globalization;
using FundManager.Domain.Currencies;

namespace FundManager.Jobs;

/// <summary>How reports write amounts and dates: invariant, so a CSV reads the same everywhere.</summary>
internal static class Formatting
{
    public static string Amount(Money money) => money.Amount.ToString("N" + money.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A machine-readable amount for report summaries: 250000.00, never 250000.</summary>
    public static string Plain(Money money) => money.Amount.ToString("F" + money.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
