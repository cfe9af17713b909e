using System.Net;
using FundManager.Contracts;
using FundManager.Domain.Access;
using FundManager.Domain.Audit;
using FundManager.Domain.Currencies;
using FundManager.Grains;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace FundManager.PostgreSql.Tests;

/// <summary>The real Orleans ADO.NET providers running on the project's own PostgreSQL schema, as the application login.</summary>
public sealed class OrleansProviderTests
{
    private static IHost Silo(string connectionString, string clusterId)
    {
        var orleans = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "orleans" }.ConnectionString;
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

    private static IHost Client(string connectionString, string clusterId)
    {
        var orleans = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "orleans" }.ConnectionString;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", orleans));
        });
        return builder.Build();
    }

    [Fact]
    public async Task two_silos_form_one_cluster_and_a_client_finds_them_through_postgres()
    {
        var database = (await TestPostgres.CreateDatabaseWithLoginsAsync("cluster")).Application;
        var clusterId = $"c-{Guid.NewGuid():N}";
        using var first = Silo(database, clusterId);
        using var second = Silo(database, clusterId);
        await first.StartAsync();
        await second.StartAsync();
        using var client = Client(database, clusterId);
        await client.StartAsync();
        try
        {
            var cluster = client.Services.GetRequiredService<IClusterClient>();

            var hosts = await Eventually.PollAsync(async () =>
            {
                var active = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                return active.Count == 2 ? active : null;
            }, TimeSpan.FromSeconds(60), "both silos active");

            Assert.Equal(2, hosts.Count);
            var rate = await cluster.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key)
                .Set(new Caller("chen", [Role.FinanceOfficer]), Currency.Parse("EUR"), new DateOnly(2026, 6, 1), 0.92m);
            Assert.Equal(0.92m, rate.UnitsPerUsd);
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var members = new NpgsqlCommand("SELECT count(*) FROM orleans.membership WHERE deployment_id = @id AND status = 3", connection);
            members.Parameters.AddWithValue("id", clusterId);
            Assert.Equal(2L, (long)(await members.ExecuteScalarAsync())!);
        }
        finally
        {
            await client.StopAsync();
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    [Fact]
    public async Task keys_that_look_like_hexadecimal_numbers_keep_their_own_state()
    {
        var database = (await TestPostgres.CreateDatabaseWithLoginsAsync("hexkeys")).Application;
        using var silo = Silo(database, $"h-{Guid.NewGuid():N}");
        await silo.StartAsync();
        try
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
            await storage.WriteStateAsync("user", GrainId.Create("user", "ada"), new StateBox<DirectoryState> { State = new DirectoryState([.. new[] { "ada" }]) });
            await storage.WriteStateAsync("user", GrainId.Create("user", "0ada"), new StateBox<DirectoryState> { State = new DirectoryState([.. new[] { "0ada" }]) });

            var read = new StateBox<DirectoryState>();
            await storage.ReadStateAsync("user", GrainId.Create("user", "ada"), read);

            Assert.Equal(["ada"], read.State.Members);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    [Fact]
    public async Task grain_state_is_written_read_back_and_a_stale_write_is_refused()
    {
        var database = (await TestPostgres.CreateDatabaseWithLoginsAsync("storage")).Application;
        using var silo = Silo(database, $"s-{Guid.NewGuid():N}");
        await silo.StartAsync();
        try
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
            var grainId = GrainId.Create("test-state", Guid.NewGuid().ToString("N"));
            var written = new StateBox<DirectoryState> { State = new DirectoryState([.. new[] { "alpha", "beta" }]) };

            await storage.WriteStateAsync("directory", grainId, written);
            var stale = new StateBox<DirectoryState> { State = written.State, ETag = written.ETag };
            written.State = new DirectoryState([.. new[] { "alpha", "beta", "gamma" }]);
            await storage.WriteStateAsync("directory", grainId, written);
            var read = new StateBox<DirectoryState>();
            await storage.ReadStateAsync("directory", grainId, read);

            Assert.True(read.RecordExists);
            Assert.Equal(["alpha", "beta", "gamma"], read.State.Members);
            Assert.Equal(written.ETag, read.ETag);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("directory", grainId, stale));
            var secondInsert = new StateBox<DirectoryState> { State = new DirectoryState() };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("directory", grainId, secondInsert));

            await storage.ClearStateAsync("directory", grainId, read);
            var cleared = new StateBox<DirectoryState>();
            await storage.ReadStateAsync("directory", grainId, cleared);
            Assert.False(cleared.RecordExists);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private sealed class StateBox<T> : IGrainState<T> where T : class, new()
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
