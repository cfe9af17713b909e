namespace FundManager.Domain;

/// <summary>What kind of refusal a rule violation is; the HTTP edge maps it to a status code.</summary>
public enum RuleKind
{
    /// <summary>The input breaks a rule (400/422).</summary>
    Invalid = 0,
    /// <summary>The thing asked for does not exist (404).</summary>
    NotFound = 1,
    /// <summary>The request contradicts the current state (409).</summary>
    Conflict = 2,
    /// <summary>The caller may not do this (403).</summary>
    Forbidden = 3,
}

/// <summary>
/// A business rule refused a command. Thrown before anything changes, so a caller can always
/// retry or correct the input. <see cref="Code"/> is stable and machine-readable.
/// </summary>
[GenerateSerializer, Alias("fm.RuleViolationException")]
public sealed class RuleViolationException : Exception
{
    public RuleViolationException(RuleKind kind, string code, string message) : base(message)
    {
        Kind = kind;
        Code = code;
    }

    [Id(0)] public RuleKind Kind { get; }
    [Id(1)] public string Code { get; }

    public static RuleViolationException Invalid(string code, string message) => new(RuleKind.Invalid, code, message);
    public static RuleViolationException NotFound(string code, string message) => new(RuleKind.NotFound, code, message);
    public static RuleViolationException Conflict(string code, string message) => new(RuleKind.Conflict, code, message);
    public static RuleViolationException Forbidden(string code, string message) => new(RuleKind.Forbidden, code, message);
}
