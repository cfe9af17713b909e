namespace FundManager.Benchmarks;

/// <summary>One payment the harness will record: into which pledge, under which key, how much.</summary>
public sealed record PaymentSlot(Guid ContributionId, string Key, decimal Amount, string Currency, DateOnly ValueDate);
