using System.Security.Cryptography;
using System.Text;

namespace FundManager.Contracts;

/// <summary>
/// Ids derived from what identifies a thing in the domain, so that a retried request reaches the
/// grain the first attempt created instead of creating a second one.
/// </summary>
public static class StableIds
{
    /// <summary>The contribution a donor's pledge creates, from the donor and the pledge's idempotency key.</summary>
    public static Guid Contribution(Guid donorId, string idempotencyKey) => From($"contribution/{donorId:N}/{idempotencyKey}");

    /// <summary>The project a fund's project code names.</summary>
    public static Guid Project(string fundId, string projectCode) => From($"project/{fundId}/{projectCode.ToUpperInvariant()}");

    // RFC 9562 version 8 (custom) UUID from a SHA-256 of the name.
    private static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
