using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Contributions;
using FundManager.Domain.Currencies;
using FundManager.Domain.Funds;
using FundManager.Domain.Projects;

namespace FundManager.Benchmarks;

/// <summary>
/// The projects the disbursement run pays, set up in the benchmark fund through the grains as the
/// people of the fund would: a donor's contribution earmarked to one country and received in
/// full, then for each project a draft, submission, review, approval (which allocates from that
/// cash), activation and the release of its only tranche, due today with no condition. Earmarking
/// makes the allocation draw on this contribution alone, so every tranche is one source and its
/// entry has four lines, whatever else the fund holds.
/// </summary>
public sealed class ProjectPortfolio
{
    public const string Country = "NG";
    public const decimal DirectCosts = 1_000m;

    /// <summary>Segregation of duties: the drafter submits, someone else reviews and approves.</summary>
    public static readonly Caller Drafter = new("bench-drafter", [Role.ProgrammeOfficer]);
    public static readonly Caller Reviewer = new("bench-reviewer", [Role.ProgrammeOfficer]);

    /// <summary>Four eyes: the cash was recorded by the benchmark's finance officer, so another one releases.</summary>
    public static readonly Caller Releaser = new("bench-treasurer", [Role.FinanceOfficer]);

    private static readonly Guid DisbursementDonor = Guid.Parse("d15b0000-0000-4000-8000-000000000001");
    private static readonly Caller Administrator = new(SystemUnderTest.AdministratorName, [Role.Administrator]);

    private ProjectPortfolio(IReadOnlyList<Guid> projects, DateOnly dueOn)
    {
        Projects = projects;
        DueOn = dueOn;
    }

    public IReadOnlyList<Guid> Projects { get; }

    /// <summary>The day every first tranche falls due: the run pays them as of this day.</summary>
    public DateOnly DueOn { get; }

    /// <param name="grains">Where the people of the fund send their commands.</param>
    /// <param name="count">How many projects.</param>
    /// <param name="concurrency">How many are set up at once.</param>
    /// <param name="name">Names the portfolio's donor, pledge and project codes, so two workloads can each have one in the same fund.</param>
    public static async Task<ProjectPortfolio> SetUpAsync(IGrainFactory grains, int count, int concurrency, string name = "disbursements")
    {
        var donor = name == "disbursements" ? DisbursementDonor : new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"bench-donor/{name}")));
        var prefix = name == "disbursements" ? "BENCH" : $"BENCH-{name.ToUpperInvariant()}";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Each project takes its direct costs plus the PSC of the agreement; a little more is left over.
        var cash = Money.Usd((count * (DirectCosts + PscRate.Standard.ChargeOn(Money.Usd(DirectCosts)).Amount)) + 1_000m);
        await grains.GetGrain<IDonorGrain>(donor).Register(Administrator, new DonorProfile($"Benchmark {name} donor", DonorType.Government, "NO", null));
        var contribution = await grains.GetGrain<IDonorGrain>(donor).Pledge(BenchmarkFund.Finance, new PledgeCommand(
            BenchmarkFund.FundId, $"bench-{name}", cash, today, Earmark.ToCountry(Country), PscRate.Standard,
            [new InstalmentInput(today, cash.Amount)], "Benchmark disbursement agreement"));
        await grains.GetGrain<IContributionGrain>(contribution.Id).RecordPayment(BenchmarkFund.Finance, new PaymentCommand($"bench-{name}-cash", cash, today));

        var projects = new Guid[count];
        var done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var design = Design($"{prefix}-{i:D6}", today);
            var project = grains.GetGrain<IProjectGrain>(StableIds.Project(BenchmarkFund.FundId, design.Code));
            await project.Draft(Drafter, BenchmarkFund.FundId, design);
            await project.Advance(Drafter, ProjectStep.Submit, null);
            await project.Advance(Reviewer, ProjectStep.StartReview, null);
            await project.Advance(Reviewer, ProjectStep.Approve, "Benchmark project.");
            await project.Advance(Drafter, ProjectStep.Activate, null);
            await project.ReleaseTranche(Releaser, 1);
            projects[i] = project.GetPrimaryKey();
            // A set-up of thousands takes minutes: say how far it got, and whether it slows as the fund grows.
            var finished = Interlocked.Increment(ref done);
            if (count >= 1_000 && finished % (count / 10) == 0)
            {
                Console.WriteLine($"    {finished:N0} of {count:N0} projects set up after {clock.Elapsed.TotalSeconds:F0} s");
            }
        });
        return new ProjectPortfolio(projects, today);
    }

    /// <summary>
    /// One tranche for all the direct costs, due today and with no condition: the first tranche
    /// needs neither a previous report nor outcome data, only release, activity and allocation.
    /// </summary>
    private static ProjectDesign Design(string code, DateOnly today)
    {
        var start = today.AddDays(-30);
        var end = today.AddYears(1);
        return new ProjectDesign(
            code,
            $"Benchmark project {code}",
            "Paid by the disbursement benchmark.",
            Country,
            null,
            ThematicArea.VictimProtection,
            [new ImplementingPartner("Benchmark partner", null)],
            "15180",
            start,
            end,
            [new BudgetLine(BudgetCategory.GrantsToImplementingPartners, "Grant", Money.Usd(DirectCosts))],
            PscRate.Standard,
            [new TranchePlan(1, today, Money.Usd(DirectCosts), [])],
            [new OutcomeIndicator("IND-1", ResultType.Output, "People reached", IndicatorMeasure.Unit, 0m, start.Year,
                [new IndicatorTarget(new ReportingPeriod(start, end), 100m)], [])]);
    }
}
