using FundManager.Contracts;
using FundManager.Domain.Currencies;

namespace FundManager.Grains.Tests;

/// <summary>What the audit trail keeps of exchange-rate changes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExchangeRateAuditTests(ClusterFixture cluster)
{
    [Fact]
    public async Task an_overwritten_exchange_rate_keeps_its_old_value_in_the_audit_trail()
    {
        var isk = Currency.Parse("ISK");
        var rates = cluster.Client.GetGrain<IExchangeRatesGrain>(IExchangeRatesGrain.Key);
        var day = new DateOnly(2031, 7, 15);
        await rates.Set(FundWorld.Chen, isk, day, 138.5m);

        await rates.Set(FundWorld.Chen, isk, day, 141.25m);

        var key = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var changes = cluster.Audit.Events
            .Where(e => e.Record.Action == "IExchangeRatesGrain.Set" && e.Record.Arguments.Contains(key, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, changes.Count);
        Assert.Contains($"\"{key}\":138.5", changes[0].Record.After, StringComparison.Ordinal);
        Assert.Equal($"{{\"ISK\":{{\"{key}\":138.5}}}}", changes[1].Record.Before);
        Assert.Equal($"{{\"ISK\":{{\"{key}\":141.25}}}}", changes[1].Record.After);
    }
}
