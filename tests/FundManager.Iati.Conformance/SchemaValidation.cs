using System.Xml;
using System.Xml.Schema;

namespace FundManager.Iati.Conformance;

/// <summary>Validates a file against an official IATI schema of the reference folder (schema/*.xsd, with the schemas it includes and imports).</summary>
public static class SchemaValidation
{
    public static IReadOnlyList<string> Validate(string schemaFolder, string schemaFile, byte[] document)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        using (var reader = XmlReader.Create(Path.Combine(schemaFolder, schemaFile), new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = new XmlUrlResolver() }))
        {
            schemas.Add(null, reader);
        }
        schemas.Compile();
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} at line {e.Exception.LineNumber}, column {e.Exception.LinePosition}: {e.Message}");
        using var stream = new MemoryStream(document);
        using var validating = XmlReader.Create(stream, settings);
        while (validating.Read())
        {
        }
        return problems;
    }
}
