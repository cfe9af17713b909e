using System.Text;
using FundManager.Persistence;
using FundManager.Reports;
using FundManager.Testing;
using Npgsql;

namespace FundManager.PostgreSql.Tests;

public sealed class ReportArchiveTests
{
    private static ReportContent Content(string title) => new(title, "subtitle", [new ReportFigure("Paid", ReportCell.Count(1))],
        [ReportTable.Of("Paid", [new ReportColumn("Project"), new ReportColumn("Amount", CellKind.Money)], [new ReportCell[] { "PRJ-1", ReportCell.Money(1_000m, "USD", 2) }])], []);

    [Fact]
    public async Task a_stored_report_is_listed_and_downloadable_in_every_format()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("reports"));
        var archive = new PostgresReportArchive(dataSource, TimeProvider.System);

        var saved = await archive.SaveAsync(ReportKinds.DisbursementRun, null, "job-1", "scheduler", Content("Run 1"), new Dictionary<string, string> { ["paid"] = "1" });
        var csv = await archive.FileAsync(saved.Id, ReportFormats.Csv);
        var html = await archive.FileAsync(saved.Id, ReportFormats.Html);

        Assert.Equal(["csv", "html", "pdf", "xlsx"], saved.Formats);
        Assert.Equal("1", saved.Summary["paid"]);
        Assert.Contains("PRJ-1,1000.00", Encoding.UTF8.GetString(csv!.Content), StringComparison.Ordinal);
        Assert.Contains("<td>PRJ-1</td><td class=\"n\">1,000.00</td>", Encoding.UTF8.GetString(html!.Content), StringComparison.Ordinal);
        Assert.Equal("%PDF", Encoding.ASCII.GetString((await archive.FileAsync(saved.Id, ReportFormats.Pdf))!.Content, 0, 4));
        Assert.Equal(saved.Id, Assert.Single(await archive.ListAsync(ReportKinds.DisbursementRun, 10)).Id);
    }

    [Fact]
    public async Task a_run_saved_again_stores_one_document_and_keeps_the_first()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("rerun"));
        var archive = new PostgresReportArchive(dataSource, TimeProvider.System);

        var first = await archive.SaveAsync(ReportKinds.DisbursementRun, null, "job-7", "scheduler", Content("first attempt"), new Dictionary<string, string>());
        var second = await archive.SaveAsync(ReportKinds.DisbursementRun, null, "job-7", "scheduler", Content("retry"), new Dictionary<string, string>());

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("first attempt", Assert.Single(await archive.ListAsync(null, 10)).Title);
        Assert.Equal("first attempt", second.Title);
    }
}
