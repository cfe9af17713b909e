using System.Globalization;
using FundManager.Domain.Currencies;

namespace FundManager.Domain.Contributions;

/// <summary>
/// Programme support cost rate of a contribution agreement, as a fraction (0.13 for 13%).
/// PSC is charged on expenditure: a disbursement of D carries round(D x rate).
/// </summary>
[GenerateSerializer, Immutable, Alias("fm.PscRate")]
public readonly record struct PscRate
{
    public PscRate(decimal value)
    {
        if (value < 0m || value > 0.25m)
        {
            throw RuleViolationException.Invalid("psc-rate-out-of-range", $"A PSC rate must be between 0% and 25%; {value.ToString(CultureInfo.InvariantCulture)} is not.");
        }
        Value = value;
    }

    [Id(0)] public decimal Value { get; }

    /// <summary>The UN default of 13%.</summary>
    public static PscRate Standard { get; } = new(0.13m);

    public Money ChargeOn(Money directCost) => directCost.MultiplyAndRound(Value);

    public override string ToString() => (Value * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
