using System.Collections.Frozen;
using System.Xml.Linq;

namespace FundManager.Iati.Conformance;

/// <summary>The official IATI codelists of a reference folder (codelists/*.xml), by name: each code and whether it is withdrawn.</summary>
public sealed class Codelists
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, bool>> _lists;

    private Codelists(FrozenDictionary<string, FrozenDictionary<string, bool>> lists) => _lists = lists;

    public static Codelists Load(string folder) => new(
        Directory.EnumerateFiles(folder, "*.xml")
            .ToFrozenDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants("codelist-item")
                    .ToFrozenDictionary(
                        item => (string?)item.Element("code") ?? string.Empty,
                        item => (string?)item.Attribute("status") == "withdrawn",
                        StringComparer.Ordinal),
                StringComparer.Ordinal));

    public bool Has(string list) => _lists.ContainsKey(list);

    /// <summary>The codes in use (not withdrawn).</summary>
    public IReadOnlySet<string> Active(string list) => _lists[list].Where(c => !c.Value).Select(c => c.Key).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Null when the code is in use; otherwise why not.</summary>
    public string? Problem(string list, string code) =>
        !_lists.TryGetValue(list, out var codes) ? $"there is no codelist {list}"
        : !codes.TryGetValue(code, out var withdrawn) ? $"'{code}' is not in {list}"
        : withdrawn ? $"'{code}' is withdrawn from {list}"
        : null;
}
