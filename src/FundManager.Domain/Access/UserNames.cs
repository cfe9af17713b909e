using System.Text.RegularExpressions;

namespace FundManager.Domain.Access;

/// <summary>What a user name is: the key of an account, so it must be short, plain and case-insensitive.</summary>
public static partial class UserNames
{
    /// <summary>The form accounts are kept under: trimmed and lower-case.</summary>
    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public static bool IsValid(string userName) => Pattern().IsMatch(userName);

    public static void RequireValid(string userName)
    {
        if (!IsValid(userName))
        {
            throw RuleViolationException.Invalid("invalid-user-name", "A user name is 2 to 64 lower-case letters, digits, dots, dashes or underscores.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
