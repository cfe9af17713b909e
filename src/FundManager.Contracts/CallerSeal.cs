using System.Security.Cryptography;
using System.Text;
using FundManager.Domain.Access;

namespace FundManager.Contracts;

/// <summary>
/// Proves that a <see cref="Caller"/> passed to a grain was vouched for by a trusted client (the
/// dashboards, which authenticated the person) and not made up by whatever else can reach the
/// silo's gateway. The seal is an HMAC of the caller under a key the cluster's processes share.
/// </summary>
public sealed class CallerSeal(byte[] key)
{
    public const string RequestContextKey = "fm.caller-seal";

    public string Sign(Caller caller) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"{caller.UserName}\u001f{string.Join(',', caller.Roles)}\u001f{caller.DonorId:N}")));

    public bool Verify(Caller caller, string? seal) =>
        seal is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(caller)), Encoding.ASCII.GetBytes(seal));
}

/// <summary>Seals the caller of every outgoing grain call, on the clients that authenticate people.</summary>
public sealed class CallerSealingFilter(CallerSeal seal) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var i = 0; i < context.Request.GetArgumentCount(); i++)
        {
            if (context.Request.GetArgument(i) is Caller caller)
            {
                RequestContext.Set(CallerSeal.RequestContextKey, seal.Sign(caller));
            }
        }
        return context.Invoke();
    }
}
