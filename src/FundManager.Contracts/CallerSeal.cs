using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using FundManager.Domain.Access;
using Orleans.Serialization;
using Orleans.Serialization.Invocation;

namespace FundManager.Contracts;

/// <summary>
/// Proves that a grain call arriving through the gateway was made by one of the cluster's own
/// processes (the dashboards, which authenticated the person in its <see cref="Caller"/>, or a
/// silo's jobs) and not by whatever else can reach the gateway. The seal is an HMAC, under a key
/// the cluster's processes share, of the moment of the call, the grain called, the method and a
/// hash of every argument (the caller among them); a call that takes no caller is sealed all the
/// same, as the process's own. A seal seen on the wire is good for a few minutes, for that one call
/// only: not for another grain, another method, another caller or other arguments.
/// </summary>
public sealed class CallerSeal(byte[] key, TimeProvider clock)
{
    public const string RequestContextKey = "fm.caller-seal";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Sign(GrainId target, MethodInfo method, ReadOnlySpan<byte> argumentsHash)
    {
        var issued = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return $"{issued}.{Mac(target, method, argumentsHash, issued)}";
    }

    public bool Verify(GrainId target, MethodInfo method, ReadOnlySpan<byte> argumentsHash, string? seal)
    {
        var dot = seal?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (seal is null || dot <= 0 || !long.TryParse(seal.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs)
            || issuedMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        if (age > Lifetime || age < -Lifetime)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(target, method, argumentsHash, seal[..dot])), Encoding.ASCII.GetBytes(seal[(dot + 1)..]));
    }

    /// <summary>
    /// SHA-256 of the call's arguments as the Orleans serializer writes them, each with its length,
    /// so the client that seals and the silo that checks hash the same bytes from the same values.
    /// </summary>
    public static byte[] HashArguments(Serializer serializer, IInvokable request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        for (var i = 0; i < request.GetArgumentCount(); i++)
        {
            // A cancellation token is not data: Orleans carries it beside the arguments, and no serializer writes it.
            var argument = request.GetArgument(i);
            var bytes = argument is CancellationToken ? [] : serializer.SerializeToArray(argument);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }

    private string Mac(GrainId target, MethodInfo method, ReadOnlySpan<byte> argumentsHash, string issued) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"{issued}\u001f{target}\u001f{method.DeclaringType?.FullName}.{method.Name}({string.Join(',', method.GetParameters().Select(p => p.ParameterType.FullName))})\u001f{Convert.ToHexStringLower(argumentsHash)}")));
}

/// <summary>
/// Seals every grain call that leaves this process for the gateway: on the dashboards, every one; on
/// a silo, the calls its jobs and hosted services make (grain-to-grain calls are not checked, so not sealed).
/// </summary>
public sealed class CallerSealingFilter(CallerSeal seal, Serializer serializer) : IOutgoingGrainCallFilter
{
    // Async, so the seal set here stays with this call: calls the same code starts side by side each carry their own.
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // The runtime's own system targets (the cluster manifest, grain services) are not the fund's grains: the silo does not check them.
        if ((context.SourceId is not { } source || source.IsClient()) && !SystemTargetGrainId.IsSystemTargetGrainId(context.TargetId))
        {
            RequestContext.Set(CallerSeal.RequestContextKey, seal.Sign(context.TargetId, context.InterfaceMethod, CallerSeal.HashArguments(serializer, context.Request)));
        }
        await context.Invoke();
    }
}
