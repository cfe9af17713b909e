using System.Xml;
using static FundManager.Reports.Iati.IatiActivitiesFile;

namespace FundManager.Reports.Iati;

/// <summary>
/// Writes an IATI 2.03 organisation file (iati-organisations): one organisation per fund, reported
/// by the organisation that runs it, with what the fund spent each year.
/// </summary>
public static class IatiOrganisationFile
{
    /// <summary>A fund's identifier as an organisation: the reporting organisation's, then the fund's id.</summary>
    public static string Identifier(IatiOrganisation reportingOrganisation, string fundId) => $"{reportingOrganisation.Ref}-{fundId}";

    public static async Task WriteAsync(
        Stream output,
        IatiOrganisation reportingOrganisation,
        DateTimeOffset generated,
        IAsyncEnumerable<IatiFund> funds,
        CancellationToken cancellationToken = default)
    {
        await using var xml = XmlWriter.Create(output, Settings);
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("iati-organisations");
        xml.WriteAttributeString("version", IatiActivitiesFile.Version);
        xml.WriteAttributeString("generated-datetime", IatiActivitiesFile.DateTime(generated));
        await foreach (var fund in funds.WithCancellation(cancellationToken))
        {
            xml.WriteStartElement("iati-organisation");
            xml.WriteAttributeString("last-updated-datetime", IatiActivitiesFile.DateTime(generated));
            xml.WriteAttributeString("xml", "lang", null, "en");
            xml.WriteAttributeString("default-currency", "USD");
            xml.WriteElementString("organisation-identifier", Identifier(reportingOrganisation, fund.Id));
            Narrative(xml, "name", fund.Name);
            WriteOrganisation(xml, "reporting-org", reportingOrganisation, extra: null);
            foreach (var year in fund.Expenditure)
            {
                xml.WriteStartElement("total-expenditure");
                Dated(xml, "period-start", year.PeriodStart);
                Dated(xml, "period-end", year.PeriodEnd);
                Value(xml, year.Direct with { Amount = year.Direct.Amount + year.ProgrammeSupport.Amount });
                ExpenseLine(xml, "direct", year.Direct, "Direct costs paid to implementing partners");
                ExpenseLine(xml, "psc", year.ProgrammeSupport, "Programme support cost");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            await xml.FlushAsync();
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static void ExpenseLine(XmlWriter xml, string reference, IatiValue value, string label)
    {
        xml.WriteStartElement("expense-line");
        xml.WriteAttributeString("ref", reference);
        Value(xml, value);
        Narrative(xml, label);
        xml.WriteEndElement();
    }
}
