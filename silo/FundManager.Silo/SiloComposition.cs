using System.Net;
using FundManager.Contracts;
using FundManager.Domain.Audit;
using FundManager.Domain;
using FundManager.Grains;
using FundManager.Jobs;
using FundManager.Persistence;
using FundManager.Reports;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace FundManager.Silo;

/// <summary>Where the silo listens and which cluster it joins.</summary>
public sealed record ClusterSettings
{
    public string ClusterId { get; init; } = "fundmanager";
    public string ServiceId { get; init; } = "fundmanager";
    public string AdvertisedAddress { get; init; } = "127.0.0.1";
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
}

/// <summary>When the scheduled jobs run.</summary>
public sealed record JobSettings
{
    public string DisbursementCron { get; init; } = "0 6 * * *";
    public string OutcomeReportCron { get; init; } = "0 7 1 1,4,7,10 *";
    public string RevaluationCron { get; init; } = "0 1 1 * *";
    public string ReconciliationCron { get; init; } = "30 5 * * *";
    public string TimeZone { get; init; } = "UTC";
}

/// <summary>Everything a silo runs, on the database it is given. The silo's Program and the end-to-end tests share it.</summary>
public static class SiloComposition
{
    public const string Invariant = "Npgsql";

    public static HostApplicationBuilder AddFundManagerSilo(this HostApplicationBuilder builder, FundDatabase database, byte[] callerKey)
    {
        var cluster = builder.Configuration.GetSection("FundManager:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        var services = builder.Services;

        services.AddSingleton(database.DataSource);
        services.AddSingleton<InstallationSettings>();
        if (builder.Configuration.GetValue("FundManager:DemoData:Enabled", false))
        {
            // Before the silo starts: see DemoDataIntent.
            services.AddHostedService<DemoDataIntent>();
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddPostgresLedger(new AuditChain(AuditKey.Resolve(builder.Configuration)));
        services.AddSingleton<IReportArchive, PostgresReportArchive>();
        services.Configure<JobSettings>(builder.Configuration.GetSection("FundManager:Jobs"));
        var jobs = builder.Configuration.GetSection("FundManager:Jobs").Get<JobSettings>() ?? new JobSettings();
        // Today is the fund's: the day in the time zone its jobs run in.
        services.AddSingleton(sp => new FundCalendar(sp.GetRequiredService<TimeProvider>(), TimeZoneInfo.FindSystemTimeZoneById(jobs.TimeZone)));

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort);
            silo.UseClusterTls(builder.Configuration);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = database.OrleansConnectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.AdoNet, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = database.OrleansConnectionString;
            });
            silo.UseUnambiguousKeys(StorageNames.AdoNet);
            silo.AddFundManagerGrains(callerKey);
            silo.AddDashboard();
        });

        services.AddHangfire(database.UseForHangfire);
        services.AddHangfireServer(o =>
        {
            o.ServerName = $"silo-{Environment.MachineName}-{cluster.SiloPort}";
            o.WorkerCount = 4;
        });
        services.AddTransient<DisbursementRun>();
        services.AddTransient<OutcomeReport>();
        services.AddTransient<MonthEndRevaluation>();
        services.AddTransient<BooksReconciliation>();
        services.AddTransient<ScheduledReport>();
        services.AddHostedService<RecurringJobs>();
        services.AddHostedService<FirstAdministrator>();

        if (builder.Configuration.GetValue("FundManager:DemoData:Enabled", false))
        {
            services.AddHostedService<DemoData>();
        }
        return builder;
    }
}
