using FundManager.Dashboards;
using FundManager.Persistence;

var builder = WebApplication.CreateBuilder(args);
using var startupLogs = LoggerFactory.Create(logging => logging.AddConsole());
await using var database = await FundDatabase.OpenAsync(builder.Configuration, LocalServerRole.Attach, startupLogs.CreateLogger("FundManager.Dashboards"));
builder.AddFundManagerDashboards(database, await database.CallerKeyAsync(builder.Configuration));
var app = builder.Build();
app.MapFundManagerDashboards();
await app.RunAsync();

/// <summary>The dashboards' entry point, visible to the end-to-end tests' host factory.</summary>
public partial class Program;
