using Xunit.Abstractions;

namespace FundManager.Faults.Tests;

/// <summary>
/// The seeded simulation, short: a two-silo cluster on a PostgreSQL server of its own, every kind
/// of user action interleaved with silo kills, crashed jobs, database restarts and duplicate
/// deliveries, the books and the audit trail checked every few steps. README gives the command
/// for a long one (FUNDMANAGER_SIMULATION_STEPS) and for replaying a seed (FUNDMANAGER_SIMULATION_SEED).
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task a_seeded_sequence_of_actions_and_faults_keeps_the_books_reconciled_and_every_change_audited()
    {
        var seed = Simulation.SeedFromEnvironment();
        var steps = Simulation.StepsFromEnvironment(30);
        output.WriteLine($"seed {seed}, {steps} steps (set {Simulation.SeedVariable} to replay it)");
        await using var database = await PrivatePostgres.StartAsync("fm_simulation");
        await using var system = await ProcessSystem.StartAsync(database.ConnectionString, silos: 2);
        var simulation = new Simulation(system, new FundScenario(system.Api, "sim"), seed, database, output.WriteLine);
        await simulation.PrepareAsync();

        await simulation.RunAsync(steps, checkEvery: 10, new FaultMix(SiloKill: 0.04, JobCrash: 0.02, DatabaseRestart: 0.02, Duplicate: 0.15));

        Assert.True(simulation.Acknowledged > steps / 3, $"[seed {seed}] only {simulation.Acknowledged} of {steps} steps were acknowledged commands.");
    }
}
