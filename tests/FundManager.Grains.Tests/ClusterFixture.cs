using FundManager.Domain.Audit;
using FundManager.Domain.Funds;
using FundManager.Domain.Ledger;
using FundManager.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace FundManager.Grains.Tests;

/// <summary>One in-process silo with memory storage and the in-memory journal, shared by the grain tests.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    public ClusterFixture()
    {
        Journal = new InMemoryJournal(Audit);
        Alerts = new InMemoryAlertBoard(Clock);
    }

    public InMemoryAuditTrail Audit { get; } = new();

    public InMemoryJournal Journal { get; }

    public InMemoryAlertBoard Alerts { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Grains);
            silo.AddFundManagerGrains();
            silo.Services.AddSingleton<IJournal>(Journal);
            silo.Services.AddSingleton<IProjectRegister>(new InMemoryProjectRegister());
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddSingleton<IReportArchive>(new InMemoryReportArchive(Clock));
            silo.Services.AddSingleton<IAuditTrail>(Audit);
            silo.Services.AddSingleton<IAlertBoard>(Alerts);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>A cluster of their own for the property-based tests, whose exchange rates must not meet the other tests'.</summary>
public sealed class PropertyClusterFixture : ClusterFixture
{
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
