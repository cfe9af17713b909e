using System.Collections.Immutable;
using FundManager.Contracts;
using FundManager.Domain.Currencies;

namespace FundManager.Web.Pages.Admin;

/// <summary>A fund's settings: the second-approver threshold and whether its figures are published.</summary>
public sealed class FundsModel : FundPage
{
    public sealed record FundSettings(FundView Fund, bool Published);

    public ImmutableList<FundSettings> Funds { get; private set; } = [];

    /// <summary>The fund whose change was refused, so its row shows the refusal.</summary>
    public string? RefusedFor { get; private set; }

    public string? Done { get; private set; }

    /// <summary>The threshold as typed, kept when it was refused.</summary>
    public string? Typed { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostThresholdAsync(string fund, string? threshold)
    {
        if (!Figures.TryParseAmount(threshold, out var amount))
        {
            ModelState.AddModelError("threshold", L["Form.NotANumber", System.Globalization.CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator]);
            Response.StatusCode = 422;
            (RefusedFor, Typed) = (fund, threshold);
        }
        else if (await AttemptAsync(() => Grains.GetGrain<IFundGrain>(fund).SetSecondApproverThreshold(Caller, Money.Usd(amount)), "threshold"))
        {
            Done = L["Admin.Funds.ThresholdSet", fund, Figures.Amount(Money.Usd(amount))];
        }
        else
        {
            (RefusedFor, Typed) = (fund, threshold);
        }
        await LoadAsync();
    }

    public async Task OnPostPublishedAsync(string fund, bool published)
    {
        if (await AttemptAsync(() => Grains.GetGrain<IFundPublicationGrain>(fund).SetPublished(Caller, published), "published"))
        {
            Done = L[published ? "Admin.Funds.NowPublished" : "Admin.Funds.NowUnpublished", fund];
        }
        else
        {
            RefusedFor = fund;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // The users' directory is for administrators: anyone else is refused here in its words.
        await Grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).List(Caller);
        var ids = (await Grains.GetGrain<IFundDirectoryGrain>(IFundDirectoryGrain.Key).List(Caller)).Order(StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(ids.Select(id => Grains.GetGrain<IFundGrain>(id).Describe(Caller)));
        var published = await Task.WhenAll(ids.Select(id => Grains.GetGrain<IFundPublicationGrain>(id).IsPublished()));
        Funds = [.. views.Zip(published, (v, p) => new FundSettings(v, p))];
    }
}
