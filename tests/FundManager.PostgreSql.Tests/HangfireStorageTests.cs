using System.Collections.Concurrent;
using FundManager.Persistence;
using FundManager.Testing;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage;

namespace FundManager.PostgreSql.Tests;

/// <summary>Hangfire on the schema FundDatabase installs, as the application login: jobs are stored, picked up and performed.</summary>
public sealed class HangfireStorageTests
{

    private static PostgreSqlStorage Storage(string connectionString) =>
        new(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, Options), Options);

    private static readonly PostgreSqlStorageOptions Options = new()
    {
        SchemaName = FundDatabase.HangfireSchema,
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task an_enqueued_job_is_performed_once_by_a_server_on_postgres_storage()
    {
        var storage = Storage((await TestPostgres.CreateDatabaseWithLoginsAsync("hangfire")).Application);
        var marker = Guid.NewGuid().ToString("N");
        var jobId = new BackgroundJobClient(storage).Enqueue(() => JobMarks.Mark(marker));

        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 1, SchedulePollingInterval = TimeSpan.FromMilliseconds(200) }, storage))
        {
            await Eventually.PollAsync(
                () => Task.FromResult(storage.GetConnection().GetStateData(jobId)?.Name == "Succeeded" ? "done" : null),
                TimeSpan.FromSeconds(60),
                "the job to succeed");
        }

        Assert.Equal(1, JobMarks.Performed[marker]);
    }

    [Fact]
    public async Task a_recurring_job_can_be_run_now_and_is_kept_in_the_database()
    {
        var storage = Storage((await TestPostgres.CreateDatabaseWithLoginsAsync("recurring")).Application);
        var manager = new RecurringJobManager(storage);
        var marker = Guid.NewGuid().ToString("N");

        manager.AddOrUpdate("nightly", () => JobMarks.Mark(marker), "0 6 * * *");
        var triggered = manager.TriggerJob("nightly");

        Assert.NotNull(triggered);
        using var connection = storage.GetConnection();
        var recurring = connection.GetRecurringJobs();
        Assert.Equal("0 6 * * *", Assert.Single(recurring).Cron);
        Assert.Equal("Enqueued", connection.GetStateData(triggered)?.Name);
    }
}

/// <summary>What the test jobs did; Hangfire calls these by name, so they are public and static.</summary>
public static class JobMarks
{
    public static readonly ConcurrentDictionary<string, int> Performed = new();

    public static void Mark(string marker) => Performed.AddOrUpdate(marker, 1, (_, n) => n + 1);
}
