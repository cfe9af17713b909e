using System.Globalization;
using System.Text;

namespace FundManager.Benchmarks;

/// <summary>The run's answer as one Markdown table: each project figure beside the baseline it is judged against, and their ratio.</summary>
public sealed class ResultTable
{
    private readonly List<(string Workload, string Figure, string Baseline, string Ratio)> _rows = [];

    public void Add(string workload, string figure, string baseline, double? ratio) =>
        _rows.Add((workload, figure, baseline, ratio is { } r && double.IsFinite(r) ? r.ToString(r < 0.1 ? "0.0000" : "0.00", CultureInfo.InvariantCulture) : "–"));

    public static string PerSecond(double value, string unit) => $"{value.ToString("N0", CultureInfo.InvariantCulture)} {unit}/s";

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| workload | project figure | baseline | ratio |");
        text.AppendLine("|---|---|---|---:|");
        foreach (var (workload, figure, baseline, ratio) in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {workload} | {figure} | {baseline} | {ratio} |");
        }
        return text.ToString();
    }
}
