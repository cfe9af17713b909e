using System.Globalization;
using System.Text;
using System.Xml;

namespace FundManager.Reports.Iati;

/// <summary>
/// Writes an IATI 2.03 activity file (iati-activities). Activities are written as they arrive and
/// the writer is flushed after each, so a fund with many projects streams out instead of being
/// built in memory first.
/// </summary>
public static class IatiActivitiesFile
{
    public const string Version = "2.03";
    public const string ContentType = "application/xml";

    // Vocabularies: 1 is the OECD DAC's (regions, sectors, aid types), aid type vocabulary 2 is
    // EarmarkingCategory, indicator vocabulary 99 is the reporting organisation's own.
    private const string DacVocabulary = "1";
    private const string EarmarkingVocabulary = "2";
    private const string ReportingOrganisationVocabulary = "99";

    /// <summary>The activity's IATI identifier: the reporting organisation's identifier, the fund and the project's code.</summary>
    public static string Identifier(IatiOrganisation reportingOrganisation, string fundId, string projectCode) =>
        $"{reportingOrganisation.Ref}-{fundId}-{projectCode}";

    public static async Task WriteAsync(
        Stream output,
        IatiOrganisation reportingOrganisation,
        DateTimeOffset generated,
        IAsyncEnumerable<IatiActivity> activities,
        CancellationToken cancellationToken = default)
    {
        await using var xml = XmlWriter.Create(output, Settings);
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("iati-activities");
        xml.WriteAttributeString("version", Version);
        xml.WriteAttributeString("generated-datetime", DateTime(generated));
        await foreach (var activity in activities.WithCancellation(cancellationToken))
        {
            WriteActivity(xml, reportingOrganisation, activity);
            await xml.FlushAsync();
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    internal static XmlWriterSettings Settings { get; } = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        CloseOutput = false,
    };

    private static void WriteActivity(XmlWriter xml, IatiOrganisation reporting, IatiActivity activity)
    {
        xml.WriteStartElement("iati-activity");
        xml.WriteAttributeString("last-updated-datetime", DateTime(activity.LastUpdated));
        xml.WriteAttributeString("xml", "lang", null, "en");
        xml.WriteAttributeString("default-currency", "USD");
        xml.WriteAttributeString("hierarchy", "1");

        xml.WriteElementString("iati-identifier", Identifier(reporting, activity.FundId, activity.ProjectCode));
        WriteOrganisation(xml, "reporting-org", reporting, extra: null);
        Narrative(xml, "title", activity.Title);
        xml.WriteStartElement("description");
        xml.WriteAttributeString("type", "1");
        Narrative(xml, activity.Description.Length > 0 ? activity.Description : activity.Title);
        xml.WriteEndElement();
        foreach (var participant in activity.Participants)
        {
            WriteOrganisation(xml, "participating-org", participant.Organisation, ("role", participant.Role));
        }
        Coded(xml, "activity-status", activity.Status);
        foreach (var date in activity.Dates)
        {
            xml.WriteStartElement("activity-date");
            xml.WriteAttributeString("type", date.Type);
            xml.WriteAttributeString("iso-date", Date(date.Date));
            xml.WriteEndElement();
        }
        if (activity.RecipientCountry is { } country)
        {
            xml.WriteStartElement("recipient-country");
            xml.WriteAttributeString("code", country);
            xml.WriteAttributeString("percentage", "100");
            xml.WriteEndElement();
        }
        else if (activity.RecipientRegion is { } region)
        {
            xml.WriteStartElement("recipient-region");
            xml.WriteAttributeString("code", region);
            xml.WriteAttributeString("vocabulary", DacVocabulary);
            xml.WriteAttributeString("percentage", "100");
            xml.WriteEndElement();
        }
        xml.WriteStartElement("sector");
        xml.WriteAttributeString("vocabulary", DacVocabulary);
        xml.WriteAttributeString("code", activity.Sector);
        xml.WriteAttributeString("percentage", "100");
        xml.WriteEndElement();
        Coded(xml, "default-flow-type", activity.Classification.FlowType);
        Coded(xml, "default-finance-type", activity.Classification.FinanceType);
        xml.WriteStartElement("default-aid-type");
        xml.WriteAttributeString("code", activity.Classification.AidType);
        xml.WriteAttributeString("vocabulary", DacVocabulary);
        xml.WriteEndElement();

        foreach (var budget in activity.Budgets)
        {
            xml.WriteStartElement("budget");
            xml.WriteAttributeString("type", budget.Type);
            xml.WriteAttributeString("status", budget.Status);
            Dated(xml, "period-start", budget.PeriodStart);
            Dated(xml, "period-end", budget.PeriodEnd);
            Value(xml, budget.Value);
            xml.WriteEndElement();
        }
        foreach (var planned in activity.PlannedDisbursements)
        {
            xml.WriteStartElement("planned-disbursement");
            xml.WriteAttributeString("type", "1");
            Dated(xml, "period-start", planned.PeriodStart);
            Dated(xml, "period-end", planned.PeriodEnd);
            Value(xml, planned.Value);
            if (planned.Receiver is { } receiver)
            {
                WriteOrganisation(xml, "receiver-org", receiver, extra: null);
            }
            xml.WriteEndElement();
        }
        foreach (var transaction in activity.Transactions)
        {
            WriteTransaction(xml, transaction);
        }
        foreach (var result in activity.Results)
        {
            WriteResult(xml, result);
        }
        xml.WriteEndElement();
    }

    private static void WriteTransaction(XmlWriter xml, IatiTransaction transaction)
    {
        xml.WriteStartElement("transaction");
        Coded(xml, "transaction-type", transaction.Type);
        Dated(xml, "transaction-date", transaction.Date);
        Value(xml, transaction.Value);
        Narrative(xml, "description", transaction.Description);
        if (transaction.Provider is { } provider)
        {
            WriteOrganisation(xml, "provider-org", provider, extra: null);
        }
        if (transaction.Receiver is { } receiver)
        {
            WriteOrganisation(xml, "receiver-org", receiver, extra: null);
        }
        if (transaction.Earmarking is { } earmarking)
        {
            xml.WriteStartElement("aid-type");
            xml.WriteAttributeString("code", earmarking);
            xml.WriteAttributeString("vocabulary", EarmarkingVocabulary);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteResult(XmlWriter xml, IatiResult result)
    {
        xml.WriteStartElement("result");
        xml.WriteAttributeString("type", result.Type);
        xml.WriteAttributeString("aggregation-status", "0");
        Narrative(xml, "title", result.Title);
        foreach (var indicator in result.Indicators)
        {
            xml.WriteStartElement("indicator");
            xml.WriteAttributeString("measure", indicator.Measure);
            xml.WriteAttributeString("ascending", "1");
            Narrative(xml, "title", indicator.Title);
            xml.WriteStartElement("reference");
            xml.WriteAttributeString("vocabulary", ReportingOrganisationVocabulary);
            xml.WriteAttributeString("code", indicator.Code);
            xml.WriteEndElement();
            xml.WriteStartElement("baseline");
            xml.WriteAttributeString("year", indicator.BaselineYear.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("value", Number(indicator.Baseline));
            xml.WriteEndElement();
            foreach (var period in indicator.Periods)
            {
                xml.WriteStartElement("period");
                Dated(xml, "period-start", period.Start);
                Dated(xml, "period-end", period.End);
                if (period.Target is { } target)
                {
                    xml.WriteStartElement("target");
                    xml.WriteAttributeString("value", Number(target));
                    xml.WriteEndElement();
                }
                if (period.Actual is { } actual)
                {
                    xml.WriteStartElement("actual");
                    xml.WriteAttributeString("value", Number(actual));
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    internal static void WriteOrganisation(XmlWriter xml, string element, IatiOrganisation organisation, (string Name, string Value)? extra)
    {
        xml.WriteStartElement(element);
        if (organisation.Ref is { } reference)
        {
            xml.WriteAttributeString("ref", reference);
        }
        if (organisation.Type is { } type)
        {
            xml.WriteAttributeString("type", type);
        }
        if (extra is { } attribute)
        {
            xml.WriteAttributeString(attribute.Name, attribute.Value);
        }
        Narrative(xml, organisation.Name);
        xml.WriteEndElement();
    }

    internal static void Narrative(XmlWriter xml, string element, string text)
    {
        xml.WriteStartElement(element);
        Narrative(xml, text);
        xml.WriteEndElement();
    }

    internal static void Narrative(XmlWriter xml, string text) => xml.WriteElementString("narrative", text);

    internal static void Value(XmlWriter xml, IatiValue value)
    {
        xml.WriteStartElement("value");
        xml.WriteAttributeString("currency", value.Currency);
        xml.WriteAttributeString("value-date", Date(value.ValueDate));
        xml.WriteString(Number(value.Amount));
        xml.WriteEndElement();
    }

    internal static void Dated(XmlWriter xml, string element, DateOnly date)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("iso-date", Date(date));
        xml.WriteEndElement();
    }

    private static void Coded(XmlWriter xml, string element, string code)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("code", code);
        xml.WriteEndElement();
    }

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string DateTime(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
