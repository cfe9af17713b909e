using System.Text.Json.Nodes;

namespace FundManager.Benchmarks;

/// <summary>
/// The product's own reconciliation of the benchmark fund, asked for through HTTP as a finance
/// officer would after the workloads: journal against the grains, every break listed.
/// </summary>
public sealed record FundReconciliation(int Entries, IReadOnlyList<string> Breaks, TimeSpan Elapsed)
{
    public static async Task<FundReconciliation> RunAsync(FundApi api)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await api.PostAsync($"/api/funds/{BenchmarkFund.FundId}/reconciliation", null);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            return new FundReconciliation(0, [$"the reconciliation itself failed: {(int)response.StatusCode} {text}"], clock.Elapsed);
        }
        var result = JsonNode.Parse(text)!;
        var breaks = result["breaks"]!.AsArray().Select(b => $"{b!["check"]} {b["subject"]}: {b["detail"]}").ToList();
        return new FundReconciliation(result["entries"]!.GetValue<int>(), breaks, clock.Elapsed);
    }
}
