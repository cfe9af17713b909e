using System.Xml.Linq;

namespace FundManager.Iati.Conformance;

/// <summary>Every code an IATI file carries, with the codelist it must come from.</summary>
public static class ExportCodes
{
    private static readonly string[] Organisations = ["reporting-org", "participating-org", "provider-org", "receiver-org"];

    public static IEnumerable<(string Where, string List, string Code)> Of(XDocument document)
    {
        foreach (var element in document.Descendants())
        {
            var name = element.Name.LocalName;
            string? Attribute(string attribute) => (string?)element.Attribute(attribute);
            var vocabulary = Attribute("vocabulary");
            (string Attribute, string List)[] coded = name switch
            {
                "iati-activity" or "iati-organisation" => [("default-currency", "Currency")],
                "value" => [("currency", "Currency")],
                "activity-status" => [("code", "ActivityStatus")],
                "activity-date" => [("type", "ActivityDateType")],
                "recipient-country" => [("code", "Country")],
                "recipient-region" when vocabulary is null or "1" => [("code", "Region")],
                "sector" when vocabulary is null or "1" => [("code", "Sector")],
                "transaction-type" => [("code", "TransactionType")],
                "budget" => [("type", "BudgetType"), ("status", "BudgetStatus")],
                "planned-disbursement" => [("type", "BudgetType")],
                "result" => [("type", "ResultType")],
                "indicator" => [("measure", "IndicatorMeasure")],
                "default-flow-type" or "flow-type" => [("code", "FlowType")],
                "default-finance-type" or "finance-type" => [("code", "FinanceType")],
                "default-aid-type" or "aid-type" when vocabulary is null or "1" => [("code", "AidType")],
                "default-aid-type" or "aid-type" when vocabulary == "2" => [("code", "EarmarkingCategory")],
                "participating-org" => [("role", "OrganisationRole"), ("type", "OrganisationType")],
                _ when Organisations.Contains(name) => [("type", "OrganisationType")],
                _ => [],
            };
            foreach (var (attribute, list) in coded)
            {
                if (Attribute(attribute) is { } code)
                {
                    yield return ($"{name}/@{attribute} (line {((System.Xml.IXmlLineInfo)element).LineNumber})", list, code);
                }
            }
        }
    }
}
