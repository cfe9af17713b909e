using FundManager.Contracts;
using FundManager.Domain;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains;

/// <summary>
/// Turns a fault inside a grain call (a database error, a timeout, a bug) into a
/// <see cref="ServiceFaultException"/>, after logging it here with everything it says. Exceptions
/// of the database driver cannot be serialised between silos and clients; passed on as they are,
/// they arrive as a codec error that hides the real one. Rule refusals and Orleans' own
/// exceptions pass unchanged.
/// </summary>
public sealed class ServiceFaultFilter(ILogger<ServiceFaultFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not (RuleViolationException or ServiceFaultException or OrleansException or OperationCanceledException))
        {
            logger.LogError(e, "{Grain}.{Method} failed", context.TargetId, context.InterfaceMethod.Name);
            throw new ServiceFaultException("The command could not be completed because a service it depends on failed; nothing was acknowledged, try again.");
        }
    }
}
