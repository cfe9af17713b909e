using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Currencies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FundManager.Web.Pages.Finance;

public enum ImportState
{
    /// <summary>Would be posted on confirmation.</summary>
    Ready = 0,
    /// <summary>Its reference was posted by an earlier import: posting it again records nothing.</summary>
    AlreadyRecorded = 1,
    /// <summary>Cannot be read, or the grain refused it; the problem says why.</summary>
    Refused = 2,
    Posted = 3,
}

/// <summary>A statement line and what the import makes of it.</summary>
public sealed record ImportRow(StatementLine Line, DonorPledge? Pledge, PaymentCommand? Command, ImportState State, string? Problem);

/// <summary>
/// Importing a bank statement of payments: the file is read and every line checked and shown,
/// and nothing is posted until the officer confirms. Each payment's idempotency key is the
/// statement's own reference, so a second import of the same file posts nothing twice; the grains
/// check each payment as if it were typed (amount above what is outstanding, wrong currency...).
/// </summary>
public sealed class ImportModel : FundPage
{
    /// <summary>The statement as read, carried from the preview to the confirmation in the page itself.</summary>
    [BindProperty]
    public string? Statement { get; set; }

    public ImmutableList<ImportRow> Rows { get; private set; } = [];

    public bool Confirmed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", L["Import.NoFile"]);
            Response.StatusCode = 422;
            return Page();
        }
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        Statement = Convert.ToBase64String(Encoding.UTF8.GetBytes(await reader.ReadToEndAsync()));
        await CheckAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        if (!await CheckAsync())
        {
            return Page();
        }
        var posted = ImmutableList.CreateBuilder<ImportRow>();
        foreach (var row in Rows)
        {
            if (row.State != ImportState.Ready)
            {
                posted.Add(row);
                continue;
            }
            try
            {
                await Grains.GetGrain<IContributionGrain>(row.Pledge!.Contribution.Id).RecordPayment(Caller, row.Command!);
                posted.Add(row with { State = ImportState.Posted });
            }
            catch (RuleViolationException rule)
            {
                posted.Add(row with { State = ImportState.Refused, Problem = rule.Message });
            }
        }
        Rows = posted.ToImmutable();
        Confirmed = true;
        return Page();
    }

    /// <summary>Reads the statement and checks each line; false when the file itself cannot be read.</summary>
    private async Task<bool> CheckAsync()
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(Statement ?? string.Empty));
        }
        catch (FormatException)
        {
            text = string.Empty;
        }
        var (lines, problem) = BankStatement.Read(text);
        if (problem is not null)
        {
            ModelState.AddModelError("file", problem == "empty" ? L["Import.Empty"] : L["Import.MissingColumns", problem, string.Join(", ", BankStatement.Columns)]);
            Response.StatusCode = 422;
            return false;
        }
        var pledges = await Ledgers.PledgesAsync(Grains, Caller);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Rows = [.. lines.Select(line => Check(line, pledges, seen))];
        return true;
    }

    private ImportRow Check(StatementLine line, ImmutableList<DonorPledge> pledges, HashSet<string> seen)
    {
        ImportRow Refused(string why) => new(line, null, null, ImportState.Refused, why);
        if (line.Reference.Length == 0)
        {
            return Refused(L["Import.NoReference"]);
        }
        if (!seen.Add(line.Reference))
        {
            return Refused(L["Import.RepeatedReference"]);
        }
        var pledge = pledges.FirstOrDefault(p => string.Equals(p.Contribution.Terms.Reference, line.Pledge, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Contribution.Id.ToString(), line.Pledge, StringComparison.OrdinalIgnoreCase));
        if (pledge is null)
        {
            return Refused(L["Import.UnknownPledge", line.Pledge]);
        }
        if (!decimal.TryParse(line.Amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return Refused(L["Import.BadAmount", line.Amount]) with { Pledge = pledge };
        }
        if (!DateOnly.TryParseExact(line.ValueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var valueDate))
        {
            return Refused(L["Import.BadDate", line.ValueDate]) with { Pledge = pledge };
        }
        if (!Currency.TryParse(line.Currency, out var currency))
        {
            return Refused(L["Import.BadCurrency", line.Currency]) with { Pledge = pledge };
        }
        var key = BankStatement.KeyOf(line.Reference);
        var command = new PaymentCommand(key, Money.Of(amount, currency), valueDate);
        var state = pledge.Contribution.Payments.Any(p => p.Key == key) ? ImportState.AlreadyRecorded : ImportState.Ready;
        return new ImportRow(line, pledge, command, state, null);
    }
}
