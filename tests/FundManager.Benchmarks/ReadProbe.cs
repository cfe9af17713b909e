using System.Diagnostics;

namespace FundManager.Benchmarks;

/// <summary>
/// One reader asking, one request at a time, for the fund's position and a donor's statement, as
/// an officer's dashboard would while payments pour in. Its latencies show what intake costs readers.
/// </summary>
public sealed class ReadProbe(FundApi api, string fundId, Guid donorId)
{
    private const int MaxReadsPerKind = 20_000;

    public string PositionPath => $"/api/funds/{fundId}/position";

    public string StatementPath => $"/api/donors/{donorId}/statement?fundId={fundId}";

    /// <summary>Reads each kind <paramref name="reads"/> times in turn, or until stopped, whichever comes first.</summary>
    public async Task<ReadLatencies> RunAsync(int reads, CancellationToken stop)
    {
        var position = new LatencySample(MaxReadsPerKind);
        var statement = new LatencySample(MaxReadsPerKind);
        var failures = 0;
        string? firstFailure = null;
        for (var i = 0; i < Math.Min(reads, MaxReadsPerKind) && !stop.IsCancellationRequested; i++)
        {
            failures += await TimeAsync(PositionPath, position, f => firstFailure ??= f);
            failures += await TimeAsync(StatementPath, statement, f => firstFailure ??= f);
        }
        return new ReadLatencies(position.Percentile(50), position.Percentile(99), statement.Percentile(50), statement.Percentile(99), position.Count, failures, firstFailure);
    }

    private async Task<int> TimeAsync(string path, LatencySample sample, Action<string> failed)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await api.GetOkAsync(path);
            sample.Add(Stopwatch.GetTimestamp() - started);
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failed($"{e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
