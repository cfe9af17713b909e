using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FundManager.Benchmarks;

/// <summary>The system's HTTP API on loopback, signed in as the benchmark's finance officer.</summary>
public sealed class FundApi : IDisposable
{
    private readonly HttpClient _http;

    private FundApi(HttpClient http) => _http = http;

    public static async Task<FundApi> SignInAsync(Uri baseAddress, string userName, string password)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per concurrent caller, kept for the whole run.
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        // Long enough for a reconciliation of the whole journal; the workloads bound themselves.
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            http.Dispose();
            throw new InvalidOperationException($"Sign-in of {userName} failed: {(int)response.StatusCode} {text}");
        }
        var token = JsonNode.Parse(text)!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new FundApi(http);
    }

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent? content) => _http.PostAsync(new Uri(path, UriKind.Relative), content);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead);

    /// <summary>A GET that must answer 200, its body read to the end (part of what a reader waits for).</summary>
    public async Task GetOkAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }
    }

    public void Dispose() => _http.Dispose();
}
