using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;

namespace FundManager.Benchmarks;

/// <summary>
/// The fund the workloads pay into, set up through the grains as an administrator and a finance
/// officer would: the month's euro rate, donors, a finance officer who can sign in, and enough
/// pledges (three in four in USD, one in four in EUR, so conversions run) that every payment the
/// harness makes has room in its pledge. Payments are handed out round-robin over the pledges, so
/// consecutive payments land on different grains and no pledge is ever over-paid.
/// </summary>
public sealed class BenchmarkFund
{
    public const string FundId = "bench";
    public const string FinanceOfficer = "bench-finance";
    public const decimal PaymentAmount = 10.00m;

    private static readonly Caller Administrator = new(SystemUnderTest.AdministratorName, [Role.Administrator]);

    private readonly IReadOnlyList<(Guid Contribution, string Currency)> _pledges;
    private readonly int _capacity;
    private readonly DateOnly _valueDate;
    private int _handedOut;

    private BenchmarkFund(IReadOnlyList<(Guid, string)> pledges, IReadOnlyList<Guid> donors, int capacity, DateOnly valueDate)
    {
        _pledges = pledges;
        Donors = donors;
        _capacity = capacity;
        _valueDate = valueDate;
    }

    public static Caller Finance { get; } = new(FinanceOfficer, [Role.FinanceOfficer]);

    public static string FinancePassword { get; } = $"bench-{Guid.NewGuid():N}";

    public IReadOnlyList<Guid> Donors { get; }

    public int Pledges => _pledges.Count;

    public static async Task<BenchmarkFund> SetUpAsync(IGrainFactory grains, int payments, int paymentsPerPledge)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        await grains.GetGrain<IFundGrain>(FundId).Create(Administrator, "Benchmark fund", "Payments recorded by the intake harness.", Money.Usd(1_000_000m));
        await grains.GetGrain<IUserGrain>(FinanceOfficer).Create(Administrator, new NewUser("Benchmark finance officer", [Role.FinanceOfficer], null, FinancePassword));
        // A month without a rate is an error: the pledges and payments of this month convert at this one.
        await grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).Set(Finance, Currency.Parse("EUR"), monthStart, 0.92m);

        var pledgeCount = (payments + paymentsPerPledge - 1) / paymentsPerPledge;
        var donorCount = Math.Max(2, pledgeCount / 4);
        var donors = Enumerable.Range(0, donorCount).Select(i => new Guid(i + 1, 0xbe, 0x4c, new byte[8])).ToList();
        await Bounded(donors, 16, (donor, i) =>
            grains.GetGrain<IDonorGrain>(donor).Register(Administrator, new DonorProfile($"Benchmark donor {i + 1}", DonorType.Government, "NO", null)));

        // Room for every payment and a little more, in two instalments that add up to the pledge.
        var pledged = (paymentsPerPledge * PaymentAmount) + 100m;
        var instalments = ImmutableList.Create(new InstalmentInput(monthStart, pledged / 2), new InstalmentInput(monthStart.AddMonths(3), pledged / 2));
        var pledges = new (Guid, string)[pledgeCount];
        await Bounded(Enumerable.Range(0, pledgeCount).ToList(), 16, async (i, _) =>
        {
            var currency = i % 4 == 3 ? "EUR" : "USD";
            var contribution = await grains.GetGrain<IDonorGrain>(donors[i % donorCount]).Pledge(Finance, new PledgeCommand(
                FundId, $"bench-pledge-{i}", Money.Of(pledged, currency), monthStart, Earmark.Unearmarked, PscRate.Standard, instalments, $"Benchmark agreement {i}"));
            pledges[i] = (contribution.Id, currency);
        });
        return new BenchmarkFund(pledges, donors, paymentsPerPledge, today);
    }

    /// <summary>The next payments, each to the pledge after the last one's, under keys never used before.</summary>
    public IReadOnlyList<PaymentSlot> Take(int count, string run)
    {
        if (_handedOut + count > _pledges.Count * _capacity)
        {
            throw new InvalidOperationException($"The pledges have room for {_pledges.Count * _capacity} payments; {_handedOut + count} were asked for.");
        }
        var slots = new PaymentSlot[count];
        for (var i = 0; i < count; i++)
        {
            var (contribution, currency) = _pledges[(_handedOut + i) % _pledges.Count];
            slots[i] = new PaymentSlot(contribution, $"{run}-{_handedOut + i}", PaymentAmount, currency, _valueDate);
        }
        _handedOut += count;
        return slots;
    }

    private static async Task Bounded<T>(IReadOnlyList<T> items, int parallel, Func<T, int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
            {
                await action(items[i], i);
            }
        }));
    }
}
