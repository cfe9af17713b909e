using System.Globalization;
using System.Net;
using System.Xml.Linq;
using FundManager.Domain.Iati;
using FundManager.Iati.Conformance;
using FundManager.Testing;

// The IATI conformance check: the export of a system with the demo data (several donors,
// currencies, projects and results), validated against the official schema, every code held
// against its codelist, and the system's own code lists held against the codelists.
//
//   dotnet run --project tests/FundManager.Iati.Conformance -- <folder with schema/ and codelists/> [--url <running system>]

if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--url"))
{
    Console.Error.WriteLine("usage: FundManager.Iati.Conformance <IATI reference folder, holding schema/ and codelists/> [--url <base address of a running system>]");
    return 2;
}
var reference = Path.GetFullPath(args[0]);
var schemaFolder = Path.Combine(reference, "schema");
var codelistFolder = Path.Combine(reference, "codelists");
if (!Directory.Exists(schemaFolder) || !Directory.Exists(codelistFolder))
{
    Console.Error.WriteLine($"{reference} holds no schema/ and codelists/ folders.");
    return 2;
}

var problems = new List<string>();
var codelists = Codelists.Load(codelistFolder);

// Codes newer than the codelists' edition: ISO 4217 has them, IATI not yet. The export never
// names them (its values are in the books' currency, USD), so a pledge in one cannot break it.
var newerThanCodelists = new Dictionary<string, string[]> { ["Currency"] = ["XCG", "ZWG"] };
// Lists the system must hold in full, as the codelist does, not only a subset of it.
string[] wholeLists = ["Region", "Country", "Sector"];
foreach (var (list, codes) in IatiCodes.InUse.OrderBy(l => l.Key, StringComparer.Ordinal))
{
    if (!codelists.Has(list))
    {
        problems.Add($"system codes: no codelist {list}.xml in {codelistFolder}");
        continue;
    }
    var exceptions = newerThanCodelists.GetValueOrDefault(list, []);
    problems.AddRange(codes.Where(c => !exceptions.Contains(c)).Select(c => codelists.Problem(list, c)).OfType<string>().Select(p => $"system codes: {p}"));
    if (wholeLists.Contains(list))
    {
        problems.AddRange(codelists.Active(list).Except(codes).Order(StringComparer.Ordinal).Select(c => $"system codes: {list} code '{c}' is in the codelist but not in the system's list"));
    }
    Console.WriteLine($"{list}: {codes.Count} system codes checked{(exceptions.Length > 0 ? $" (newer than the codelist, not published: {string.Join(", ", exceptions)})" : "")}");
}

byte[] activities, organisation;
if (args.Length == 3)
{
    (activities, organisation) = await ExportAsync(new Uri(args[2]));
}
else
{
    var connectionString = await TestPostgres.CreateDatabaseAsync("iati");
    var settings = InProcessSystem.Settings(connectionString, "root", "root-password-iati");
    settings["FundManager:DemoData:Enabled"] = "true";
    var (silo, siloDatabase) = await InProcessSystem.StartSiloAsync(settings);
    var (dashboards, dashboardsDatabase) = await InProcessSystem.StartDashboardsAsync(settings);
    try
    {
        var address = new Uri(dashboards.Urls.First());
        using var probe = new HttpClient { BaseAddress = address };
        // The health check is 200 once the demo data is seeded.
        await Eventually.PollAsync(async () =>
        {
            try
            {
                using var health = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                return health.StatusCode == HttpStatusCode.OK ? "ready" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, TimeSpan.FromMinutes(3), "the system with its demo data to be ready");
        (activities, organisation) = await ExportAsync(address);
    }
    finally
    {
        await dashboards.StopAsync();
        await dashboards.DisposeAsync();
        await silo.StopAsync();
        silo.Dispose();
        await dashboardsDatabase.DisposeAsync();
        await siloDatabase.DisposeAsync();
    }
}

foreach (var (file, schema, document) in new[] { ("activities.xml", "iati-activities-schema.xsd", activities), ("organisation.xml", "iati-organisations-schema.xsd", organisation) })
{
    problems.AddRange(SchemaValidation.Validate(schemaFolder, schema, document).Select(p => $"{file} against {schema}: {p}"));
    var parsed = XDocument.Load(new MemoryStream(document), LoadOptions.SetLineInfo);
    var codes = ExportCodes.Of(parsed).ToList();
    problems.AddRange(codes.Select(c => (c.Where, Problem: codelists.Problem(c.List, c.Code))).Where(c => c.Problem is not null).Select(c => $"{file}: {c.Where}: {c.Problem}"));
    Console.WriteLine($"{file}: {document.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, {codes.Count} codes checked against {codes.Select(c => c.List).Distinct().Count()} codelists");
}
var transactionTypes = XDocument.Load(new MemoryStream(activities)).Descendants("transaction-type")
    .GroupBy(t => (string?)t.Attribute("code")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"type {g.Key}: {g.Count()}");
Console.WriteLine($"activities: {XDocument.Load(new MemoryStream(activities)).Descendants("iati-activity").Count()}; transactions {string.Join(", ", transactionTypes)}");

if (problems.Count > 0)
{
    Console.Error.WriteLine($"IATI conformance: {problems.Count} problem(s)");
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"  {problem}");
    }
    return 1;
}
Console.WriteLine("IATI conformance: both files validate against the official schema, every code is in its codelist, and the system's code lists agree with the codelists.");
return 0;

static async Task<(byte[] Activities, byte[] Organisation)> ExportAsync(Uri address)
{
    // Anonymous on purpose: the files are open data.
    using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    async Task<byte[]> Get(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
    }
    return (await Get("/iati/activities.xml"), await Get("/iati/organisation.xml"));
}
