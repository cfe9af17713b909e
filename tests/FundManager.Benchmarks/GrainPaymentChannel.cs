using FundManager.Contracts;
using FundManager.Domain.Currencies;

namespace FundManager.Benchmarks;

/// <summary>
/// Payments straight to the contribution grains through an Orleans client that seals its callers,
/// as the dashboards' endpoint does after authenticating the finance officer: the HTTP layer is
/// the only thing left out.
/// </summary>
public sealed class GrainPaymentChannel(IGrainFactory grains) : IPaymentChannel
{
    public string Name => "grains";

    public async Task PayAsync(PaymentSlot slot) =>
        await grains.GetGrain<IContributionGrain>(slot.ContributionId).RecordPayment(
            BenchmarkFund.Finance, new PaymentCommand(slot.Key, Money.Of(slot.Amount, slot.Currency), slot.ValueDate));
}
