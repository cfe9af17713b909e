using System.Net;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;
using FundManager.Grains;
using FundManager.Grains.Funds;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace FundManager.PostgreSql.Tests;

/// <summary>The fund's projects in the project register, and a fund stored before the register existed.</summary>
public sealed class ProjectRegisterTests
{
    /// <summary>
    /// A fund's state as the version before the register wrote it (Orleans' binary form): fund
    /// 'legacy' with one pool, projects OLD-001 and OLD-002 in its state, OLD-001's allocation and
    /// OLD-002's release in fields that no longer exist.
    /// </summary>
    private const string EarlierFundState = "IOgg6EANbGVnYWN5QRdMZWdhY3kgZnVuZEE7V3JpdHRlbiBieSBhbiBlYXJsaWVyIHZlcnNpb24h6EAhAAAAAAAAAACghgEAAAAAACHoQAdVU0QBCeDgQQthZG1pbiGAAKiGzjhM3giBAAAAAAAAAADgISABA0EhAAAAwAAAAECAAAAAAAAAASDoQCEAAADAAAAAQIAAAAAAAAABQSEAAADQAAAAQIAAAAAAAAABIegIAwUJAwHBAeAh6EAhAAACAAAAAAANAAAAAAAAAOBhJUkLACHoQCEAAAIAAAAAABjdlgAAAAAAwRHgAQEh6EAhAAAAAAAAAACghgEAAAAAAMER4ODgwQHgISABA0EhAAAAoAAAAECAAAAAAAAAASDoICAAAyHoQCEAAADAAAAAQIAAAAAAAAABQSEAAADQAAAAQIAAAAAAAAABCQMFIehAIQAAAgAAAAAADQAAAAAAAADgIehAIQAAAAAAAAAA6AMAAAAAAADBEeAh6EAhAAACAAAAAADIMgAAAAAAAMER4ODg4ODgwQHgISABBUEhAAAAoAAAAECAAAAAAAAAAUAPT0xELTAwMUAhAAAAoAAAAECAAAAAAAAAAkAPT0xELTAwMuDBAeAiIAADQSEAAACgAAAAQIAAAAAAAAAC4MEB4OAh6CAg4OAhIODgwQHg4A==";

    private static readonly Guid Old1 = Guid.Parse("a0000000-0000-4000-8000-000000000001");
    private static readonly Guid Old2 = Guid.Parse("a0000000-0000-4000-8000-000000000002");

    [Fact]
    public async Task a_project_code_is_registered_once_per_fund_and_registering_again_changes_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("register"));
        var register = new PostgresProjectRegister(dataSource);
        var (first, second, elsewhere) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        Assert.True(await register.RegisterAsync("fund-a", first, "PRJ-001"));
        Assert.False(await register.RegisterAsync("fund-a", first, "PRJ-001"));
        var duplicate = await Assert.ThrowsAsync<RuleViolationException>(() => register.RegisterAsync("fund-a", second, "PRJ-001"));
        Assert.True(await register.RegisterAsync("fund-b", elsewhere, "PRJ-001"));
        Assert.True(await register.RegisterAsync("fund-a", second, "PRJ-002"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => register.RegisterAsync("fund-a", first, "PRJ-003"));

        Assert.Equal("duplicate-project-code", duplicate.Code);
        Assert.Equal([first, second], await register.ProjectsAsync("fund-a"));
        Assert.Equal(2, await register.CountAsync("fund-a"));
        Assert.Equal([elsewhere], await register.ProjectsAsync("fund-b"));
    }

    [Fact]
    public async Task a_fund_stored_by_the_version_before_the_register_loads_and_moves_its_projects_there()
    {
        var database = await TestPostgres.CreateDatabaseAsync("legacyfund");
        using var silo = Silo(database);
        await silo.StartAsync();
        try
        {
            var earlier = silo.Services.GetRequiredService<Serializer<FundState>>().Deserialize(Convert.FromBase64String(EarlierFundState));
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
            var grainId = GrainId.Create("fund", "legacy");
            await storage.WriteStateAsync("fund", grainId, new StateBox<FundState> { State = earlier });
            var staff = new Caller("chen", [Role.FinanceOfficer]);

            var fund = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IFundGrain>("legacy");
            var view = await fund.Describe(staff);
            var projects = await fund.Projects(staff);
            var pools = await fund.Pools(staff);

            Assert.Equal(("Legacy fund", 2, 1), (view.Name, view.Projects, view.Contributions));
            Assert.Equal([Old1, Old2], projects.Order());
            Assert.Single(pools);
            var reread = new StateBox<FundState>();
            await storage.ReadStateAsync("fund", grainId, reread);
            Assert.Empty(reread.State.Fund!.UnregisteredProjects);
            var duplicate = await Assert.ThrowsAsync<RuleViolationException>(() =>
                new PostgresProjectRegister(silo.Services.GetRequiredService<NpgsqlDataSource>()).RegisterAsync("legacy", Guid.NewGuid(), "OLD-002"));
            Assert.Equal("duplicate-project-code", duplicate.Code);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private static IHost Silo(string connectionString)
    {
        var orleans = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "orleans" }.ConnectionString;
        var clusterId = $"r-{Guid.NewGuid():N}";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.AddPostgresLedger(new AuditChain(new byte[32]));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, TestPostgres.FreePort(), TestPostgres.FreePort());
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", orleans));
            silo.AddAdoNetGrainStorage(StorageNames.AdoNet, o => (o.Invariant, o.ConnectionString) = ("Npgsql", orleans));
            silo.UseUnambiguousKeys(StorageNames.AdoNet);
            silo.AddFundManagerGrains();
        });
        return builder.Build();
    }

    private sealed class StateBox<T> : IGrainState<T> where T : class, new()
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
