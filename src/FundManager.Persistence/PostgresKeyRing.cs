using System.Xml.Linq;
using Npgsql;

namespace FundManager.Persistence;

/// <summary>
/// Stores ASP.NET Core data-protection keys (the same contract as IXmlRepository) in PostgreSQL,
/// so every dashboard instance reads the tokens the others issued, across restarts.
/// </summary>
public sealed class PostgresKeyRing(NpgsqlDataSource dataSource)
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM fundmanager.data_protection_key ORDER BY created_at");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = dataSource.CreateCommand(
            "INSERT INTO fundmanager.data_protection_key (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING");
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
