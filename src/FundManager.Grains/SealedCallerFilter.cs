using FundManager.Contracts;
using FundManager.Domain;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace FundManager.Grains;

/// <summary>
/// Refuses a call from outside the silo that does not carry a valid seal for exactly this call
/// (this grain, this method, these arguments): a program that reaches the gateway can neither
/// claim to be a programme officer nor call the grains that take no caller (sign-in, exchange
/// rates), and a seal it captured works for no other call. Calls between grains, which already
/// passed this check where they began, are not sealed again. The runtime's own system targets
/// (the cluster manifest a client reads before its first call, grain services) are not grains of
/// the fund and are left to Orleans.
/// </summary>
public sealed class SealedCallerFilter(CallerSeal seal, Serializer serializer, ILogger<SealedCallerFilter> logger) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.SourceId is { } source && source.IsClient()
            && !SystemTargetGrainId.IsSystemTargetGrainId(context.TargetId)
            && !seal.Verify(context.TargetId, context.InterfaceMethod, CallerSeal.HashArguments(serializer, context.Request), RequestContext.Get(CallerSeal.RequestContextKey) as string))
        {
            logger.LogWarning("Refused {Interface}.{Method} on {Grain} from {Source}: the call is not sealed for this grain, method and arguments",
                context.InterfaceMethod.DeclaringType?.Name, context.InterfaceMethod.Name, context.TargetId, source);
            throw RuleViolationException.Forbidden("unsealed-call", "This call was not sealed by one of the fund's own processes.");
        }
        return context.Invoke();
    }
}
