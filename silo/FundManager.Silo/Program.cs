using FundManager.Persistence;
using FundManager.Silo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
using var startupLogs = LoggerFactory.Create(logging => logging.AddConsole());
await using var database = await FundDatabase.OpenAsync(builder.Configuration, LocalServerRole.Start, startupLogs.CreateLogger("FundManager.Silo"));
builder.AddFundManagerSilo(database, await database.CallerKeyAsync(builder.Configuration));
using var host = builder.Build();
await host.RunAsync();
