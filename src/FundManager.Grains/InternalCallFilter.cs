using FundManager.Contracts;
using FundManager.Domain;

namespace FundManager.Grains;

/// <summary>
/// Refuses calls from clients to interfaces marked <see cref="IInternalGrain"/>: a fund's books
/// change only because one of its contributions or projects said so.
/// </summary>
public sealed class InternalCallFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (typeof(IInternalGrain).IsAssignableFrom(context.InterfaceMethod.DeclaringType)
            && context.SourceId is { } source
            && source.IsClient())
        {
            throw RuleViolationException.Forbidden("internal-interface", $"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name} is for grains only.");
        }
        return context.Invoke();
    }
}
