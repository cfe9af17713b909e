using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FundManager.Silo;

/// <summary>
/// Creates the installation's first administrator from configuration (FundManager:Administrator:
/// UserName and Password), so a system without demo data can be signed into at all. Nothing
/// happens when the user already exists; change its password through the API afterwards.
/// </summary>
public sealed class FirstAdministrator(IGrainFactory grains, IConfiguration configuration, ILogger<FirstAdministrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var userName = configuration["FundManager:Administrator:UserName"];
        var password = configuration["FundManager:Administrator:Password"];
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(password))
        {
            return;
        }
        try
        {
            await grains.GetGrain<IUserGrain>(userName.Trim().ToLowerInvariant()).Create(
                new Caller("installation", [Role.Administrator]),
                new NewUser("Administrator", [Role.Administrator], null, password));
            logger.LogInformation("Created the first administrator, {UserName}", userName);
        }
        catch (RuleViolationException e) when (e.Code == "user-exists")
        {
            // Already there from an earlier start.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
