namespace FundManager.LocalPostgres;

/// <summary>Where the private server keeps its files and how clients reach it.</summary>
public sealed record LocalPostgresOptions
{
    /// <summary>The folder that holds the cluster, its log and its credentials; it survives restarts.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; init; } = 55432;

    public string Database { get; init; } = "fundmanager";

    public string UserName { get; init; } = "fundmanager";

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The default folder: the user's local data folder (XDG_DATA_HOME on Linux).</summary>
    public static string DefaultRootDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "fundmanager", "postgres");
}
