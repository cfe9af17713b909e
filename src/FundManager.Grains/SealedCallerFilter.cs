using FundManager.Contracts;
using FundManager.Domain;
using FundManager.Domain.Access;
using Microsoft.Extensions.Logging;

namespace FundManager.Grains;

/// <summary>
/// Refuses a call from outside the silo whose <see cref="Caller"/> does not carry a valid seal: a
/// program that reaches the gateway cannot claim to be a programme officer. Calls between grains,
/// which already passed this check where they began, are not sealed again.
/// </summary>
public sealed class SealedCallerFilter(CallerSeal seal, ILogger<SealedCallerFilter> logger) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.SourceId is { } source && source.IsClient())
        {
            for (var i = 0; i < context.Request.GetArgumentCount(); i++)
            {
                if (context.Request.GetArgument(i) is Caller caller && !seal.Verify(caller, context.InterfaceMethod, RequestContext.Get(CallerSeal.RequestContextKey) as string))
                {
                    logger.LogWarning("Refused {Method} from {Source}: the caller {User} is not sealed", context.InterfaceMethod.Name, source, caller.UserName);
                    throw RuleViolationException.Forbidden("unsealed-caller", "The caller of this request was not vouched for by a trusted client.");
                }
            }
        }
        return context.Invoke();
    }
}
