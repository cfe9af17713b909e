using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace FundManager.Persistence;

/// <summary>
/// The key of the audit trail's hash chain. It must not live in the database the chain protects:
/// it comes from FundManager:Audit:Key (base64, 32 bytes; every silo needs the same one), or else
/// from a key file created on first use in the user's data folder, readable by its owner only.
/// </summary>
public static class AuditKey
{
    public static byte[] Resolve(IConfiguration configuration)
    {
        if (configuration["FundManager:Audit:Key"] is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length >= 32 ? key : throw new InvalidOperationException("FundManager:Audit:Key must be at least 32 bytes, base64-encoded.");
        }
        var path = configuration["FundManager:Audit:KeyFile"] is { Length: > 0 } file
            ? file
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "fundmanager", "audit.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var created = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(path, Convert.ToBase64String(created));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return created;
        }
        return Convert.FromBase64String(File.ReadAllText(path).Trim());
    }
}
