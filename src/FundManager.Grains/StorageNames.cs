namespace FundManager.Grains;

/// <summary>Names of the grain storage providers the silo must register.</summary>
public static class StorageNames
{
    public const string Grains = "fundmanager";

    /// <summary>The ADO.NET provider behind <see cref="Grains"/>; grains never name it themselves.</summary>
    public const string AdoNet = "fundmanager-adonet";
}
