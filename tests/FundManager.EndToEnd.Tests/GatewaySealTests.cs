using System.Net;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Currencies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;

namespace FundManager.EndToEnd.Tests;

/// <summary>
/// The silo's gateway takes only calls its own processes sealed, for exactly the call they made:
/// a program that reaches it over the network, without the cluster's key, can neither make up a
/// caller nor call the grains that take none; and a seal it captured works for no other grain or
/// arguments.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GatewaySealTests(SystemFixture system)
{
    [Fact]
    public async Task a_program_without_the_key_cannot_make_up_a_caller()
    {
        await using var client = await GatewayClient.StartAsync(system, _ => { });
        var forged = new Caller("mallory", [Role.Administrator]);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() =>
            client.Grains.GetGrain<IFundGrain>("forged-fund").Create(forged, "Forged", "", Money.Usd(1m)));

        Assert.Equal("unsealed-call", refused.Code);
        await system.Api.SignInAsync(SystemFixture.AdministratorName, SystemFixture.AdministratorPassword);
        (await system.Api.GetAsync("/api/funds/forged-fund", SystemFixture.AdministratorName)).Problem(HttpStatusCode.NotFound, "unknown-fund");
    }

    [Fact]
    public async Task a_program_without_the_key_cannot_call_the_grains_that_take_no_caller()
    {
        await using var client = await GatewayClient.StartAsync(system, _ => { });

        // Guessing passwords past the web front's rate limits, and reading rates without signing in.
        var signIn = await Assert.ThrowsAsync<RuleViolationException>(() =>
            client.Grains.GetGrain<IUserGrain>(SystemFixture.AdministratorName).SignIn(SystemFixture.AdministratorPassword));
        var rate = await Assert.ThrowsAsync<RuleViolationException>(() =>
            client.Grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).InForceOn(Currency.Parse("EUR"), new DateOnly(2026, 1, 15)));
        var alerts = await Assert.ThrowsAsync<RuleViolationException>(() => client.Grains.GetGrain<IAlertsGrain>(0).OpenCount());

        Assert.Equal("unsealed-call", signIn.Code);
        Assert.Equal("unsealed-call", rate.Code);
        Assert.Equal("unsealed-call", alerts.Code);
    }

    [Fact]
    public async Task a_captured_seal_works_for_no_other_grain_and_no_other_arguments()
    {
        var replay = new ReplayedSeal();
        await using var client = await GatewayClient.StartAsync(system, c =>
        {
            c.Services.AddSingleton(sp => new CallerSeal(system.CallerKey, TimeProvider.System));
            c.Services.AddSingleton(replay);
            c.AddOutgoingGrainCallFilter<ReplayingFilter>();
        });
        var administrator = client.Grains.GetGrain<IUserGrain>(SystemFixture.AdministratorName);

        // Seen on the wire: a sealed sign-in with a wrong password (refused as any wrong password is).
        Assert.Null(await administrator.SignIn("a-wrong-guess-here"));
        replay.Capture();

        var otherArguments = await Assert.ThrowsAsync<RuleViolationException>(() => administrator.SignIn(SystemFixture.AdministratorPassword));
        var otherGrain = await Assert.ThrowsAsync<RuleViolationException>(() => client.Grains.GetGrain<IUserGrain>("someone-else").SignIn("a-wrong-guess-here"));
        var otherMethod = await Assert.ThrowsAsync<RuleViolationException>(() =>
            client.Grains.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key).InForceOn(Currency.Parse("EUR"), new DateOnly(2026, 1, 15)));

        Assert.Equal("unsealed-call", otherArguments.Code);
        Assert.Equal("unsealed-call", otherGrain.Code);
        Assert.Equal("unsealed-call", otherMethod.Code);
        // The very same call, within the seal's few minutes, is all a captured seal is good for.
        Assert.Null(await administrator.SignIn("a-wrong-guess-here"));
    }

    /// <summary>The seal of the first call this client made, once captured, sent with every call after it.</summary>
    private sealed class ReplayedSeal
    {
        public string? Last { get; set; }

        public string? Captured { get; private set; }

        public void Capture() => Captured = Last ?? throw new InvalidOperationException("No call was sealed yet.");
    }

    private sealed class ReplayingFilter(CallerSeal seal, Serializer serializer, ReplayedSeal replay) : IOutgoingGrainCallFilter
    {
        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            if (replay.Captured is { } captured)
            {
                RequestContext.Set(CallerSeal.RequestContextKey, captured);
            }
            else
            {
                replay.Last = seal.Sign(context.TargetId, context.InterfaceMethod, CallerSeal.HashArguments(serializer, context.Request));
                RequestContext.Set(CallerSeal.RequestContextKey, replay.Last);
            }
            await context.Invoke();
        }
    }
}

/// <summary>An Orleans client of its own on the system's cluster, as any program that reaches the gateway could start one.</summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private readonly IHost _host;

    private GatewayClient(IHost host) => _host = host;

    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<GatewayClient> StartAsync(SystemFixture system, Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (system.ClusterId, system.ClusterId));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) =
                ("Npgsql", new Npgsql.NpgsqlConnectionStringBuilder(system.ConnectionString) { SearchPath = "orleans" }.ConnectionString));
            configure(client);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new GatewayClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
