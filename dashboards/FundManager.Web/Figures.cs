using System.Globalization;
using FundManager.Domain.Currencies;

namespace FundManager.Web;

/// <summary>
/// Numbers, amounts and dates as the page's language writes them (1,234,567.89 in English,
/// 1 234 567,89 in French), and amounts as people type them back.
/// </summary>
public static class Figures
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    /// <summary>An amount with its currency's minor units, followed by the currency code.</summary>
    public static string Amount(Money money) =>
        money.Currency is null ? Number(money.Amount, 2) : $"{Number(money.Amount, money.Currency.MinorUnits)}\u00a0{money.Currency.Code}";

    public static string Number(decimal value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    public static string Number(decimal value) => value.ToString("#,##0.##########", Culture);

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", Culture);

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy HH:mm", Culture) + " UTC";

    public static string Percent(decimal fraction) => fraction.ToString("P1", Culture);

    /// <summary>
    /// An amount typed in the page's language: group separators (spaces of any width, or the
    /// language's own) are ignored; the decimal separator is the language's. False when it is not a number.
    /// </summary>
    public static bool TryParseAmount(string? text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var format = Culture.NumberFormat;
        var compact = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c != '\u202f' && c != '\u00a0')]);
        if (format.NumberGroupSeparator.Trim().Length > 0)
        {
            compact = compact.Replace(format.NumberGroupSeparator.Trim(), string.Empty, StringComparison.Ordinal);
        }
        return decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Culture, out value);
    }

    /// <summary>A value for an input field, in the page's language but without group separators, so it reads back as typed.</summary>
    public static string Input(decimal value) => value.ToString("0.##########", Culture);

    public static string Input(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
