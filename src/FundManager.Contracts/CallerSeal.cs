using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using FundManager.Domain.Access;

namespace FundManager.Contracts;

/// <summary>
/// Proves that a <see cref="Caller"/> passed to a grain was vouched for by a trusted client (the
/// dashboards, which authenticated the person) and not made up by whatever else can reach the
/// silo's gateway. The seal is an HMAC, under a key the cluster's processes share, of the caller,
/// the grain method called and the moment of the call; a seal is good for that method for a few
/// minutes only, so one seen on the wire cannot be reused for something else later.
/// </summary>
public sealed class CallerSeal(byte[] key, TimeProvider clock)
{
    public const string RequestContextKey = "fm.caller-seal";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Sign(Caller caller, MethodInfo method)
    {
        var issued = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return $"{issued}.{Mac(caller, method, issued)}";
    }

    public bool Verify(Caller caller, MethodInfo method, string? seal)
    {
        var dot = seal?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (seal is null || dot <= 0 || !long.TryParse(seal.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs))
        {
            return false;
        }
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        if (age > Lifetime || age < -Lifetime)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(caller, method, seal[..dot])), Encoding.ASCII.GetBytes(seal[(dot + 1)..]));
    }

    private string Mac(Caller caller, MethodInfo method, string issued) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"{caller.UserName}\u001f{string.Join(',', caller.Roles)}\u001f{caller.DonorId:N}\u001f{method.DeclaringType?.FullName}.{method.Name}\u001f{issued}")));
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
                RequestContext.Set(CallerSeal.RequestContextKey, seal.Sign(caller, context.InterfaceMethod));
            }
        }
        return context.Invoke();
    }
}
