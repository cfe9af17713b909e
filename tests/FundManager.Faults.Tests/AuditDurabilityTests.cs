using FundManager.Testing;
using Xunit.Abstractions;

namespace FundManager.Faults.Tests;

/// <summary>
/// No command without its audit record: the only silo is killed with SIGKILL again and again while
/// callers send every kind of command, so some kills land between a change's write and its
/// record. Afterwards every journal entry and every stored change has the record of its command.
/// </summary>
public sealed class AuditDurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task a_silo_killed_at_many_points_under_load_leaves_no_change_without_its_audit_record()
    {
        var seed = Simulation.SeedFromEnvironment();
        output.WriteLine($"seed {seed} (set {Simulation.SeedVariable} to replay it)");
        await using var system = await ProcessSystem.StartAsync(await TestPostgres.CreateDatabaseAsync("auditkill"), silos: 1);
        var simulation = new Simulation(system, new FundScenario(system.Api, "auditkill"), seed, log: output.WriteLine);
        await simulation.PrepareAsync();

        await simulation.RunUnderKillsAsync(workers: 6, actionsEach: 24, kills: 5, killEvery: 20);

        Assert.True(simulation.Acknowledged > 60, $"[seed {seed}] only {simulation.Acknowledged} commands were acknowledged; the load was too light to mean anything.");
    }
}
