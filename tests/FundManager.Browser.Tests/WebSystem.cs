using System.Diagnostics;
using System.Reflection;
using FundManager.Domain.Access;
using FundManager.Persistence;
using FundManager.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;

namespace FundManager.Browser.Tests;

/// <summary>
/// The whole system in this process (silo, dashboards with the web application, a fresh
/// PostgreSQL database) and the machine's Chromium, driven by Playwright. Nothing is downloaded:
/// the browser is Debian's <c>chromium</c> package and axe-core comes from this project's
/// package-lock.json through <c>npm ci</c>.
/// </summary>
public sealed class WebSystem : IAsyncLifetime
{
    public const string AdministratorName = "root";
    public const string AdministratorPassword = "root-password-web";
    public const string Password = "a-long-enough-password";

    /// <summary>The seeding caller: an administrator who is also a finance officer, as the demo seeding does.</summary>
    public static readonly Caller Seeder = new("web-seed", [Role.Administrator]);

    private IHost? _silo;
    private WebApplication? _dashboards;
    private FundDatabase? _siloDatabase;
    private FundDatabase? _dashboardsDatabase;
    private IPlaywright? _playwright;

    public Uri Site { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The dashboards' own Orleans client: tests seed through the same grain interfaces as the pages.</summary>
    public IGrainFactory Grains { get; private set; } = null!;

    public string AxeSource { get; private set; } = string.Empty;

    public static string ProjectDirectory { get; } = typeof(WebSystem).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProjectDirectory").Value!;

    public static string Artefacts { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = FindChromium() ?? throw new InvalidOperationException(
            "The browser tests drive the machine's Chromium, and there is none on PATH: install it with `sudo apt-get install chromium` (Debian's package), then run the tests again.");
        AxeSource = await File.ReadAllTextAsync(await AxeCoreAsync());
        Directory.CreateDirectory(Artefacts);

        var connectionString = await TestPostgres.CreateDatabaseAsync("web");
        var settings = InProcessSystem.Settings(connectionString, AdministratorName, AdministratorPassword);
        settings["FundManager:SignIn:AttemptsPerClientPerMinute"] = "100000";
        settings["FundManager:SignIn:AttemptsPerUserNamePerMinute"] = "100000";
        (_silo, _siloDatabase) = await InProcessSystem.StartSiloAsync(settings);
        (_dashboards, _dashboardsDatabase) = await InProcessSystem.StartDashboardsAsync(settings);
        Site = new Uri(_dashboards.Urls.First());
        Grains = _dashboards.Services.GetRequiredService<IGrainFactory>();
        using var http = new HttpClient { BaseAddress = Site };
        await Eventually.PollAsync(async () => (await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode ? "ready" : null,
            TimeSpan.FromMinutes(2), "GET /health to answer 200");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page, in the language given.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_dashboards is not null)
        {
            await _dashboards.StopAsync();
            await _dashboards.DisposeAsync();
        }
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }
        if (_dashboardsDatabase is not null)
        {
            await _dashboardsDatabase.DisposeAsync();
        }
        if (_siloDatabase is not null)
        {
            await _siloDatabase.DisposeAsync();
        }
    }

    private static string? FindChromium()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>axe-core as package-lock.json names it, installed by <c>npm ci</c> when it is not there yet.</summary>
    private static async Task<string> AxeCoreAsync()
    {
        var axe = Path.Combine(ProjectDirectory, "node_modules", "axe-core", "axe.min.js");
        if (File.Exists(axe))
        {
            return axe;
        }
        using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("npm could not be started: install Node.js and npm (apt-get install npm).");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0 || !File.Exists(axe))
        {
            throw new InvalidOperationException($"`npm ci` in {ProjectDirectory} failed ({npm.ExitCode}): {await output} {await errors}");
        }
        return axe;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebSystem>
{
    public const string Name = "web";
}
