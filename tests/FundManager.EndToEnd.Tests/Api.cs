using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FundManager.EndToEnd.Tests;

/// <summary>An HTTP client for the API that signs in as a user and reads answers as JSON.</summary>
public sealed class Api(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public Uri BaseAddress => baseAddress;

    public async Task<bool> HealthyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<string> SignInAsync(string userName, string password) => (await SignInWithRefreshAsync(userName, password)).AccessToken;

    /// <summary>Signs in and answers with both tokens; the access token is then the one this client sends for the user.</summary>
    public async Task<(string AccessToken, string RefreshToken)> SignInWithRefreshAsync(string userName, string password)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/token", new { userName, password });
        var body = await Read(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Sign-in of {userName} failed: {body}");
        var token = body!["accessToken"]!.GetValue<string>();
        _tokens[userName] = token;
        return (token, body["refreshToken"]!.GetValue<string>());
    }

    /// <summary>Sends the request as it is, headers and all, without signing it.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request) => await _http.SendAsync(request);

    public string TokenOf(string userName) => _tokens[userName];

    /// <summary>Makes the client send this access token for the user from now on.</summary>
    public void UseToken(string userName, string accessToken) => _tokens[userName] = accessToken;

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? asUser, object? body = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (asUser is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[asUser]);
        }
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes);
    }

    public Task<Reply> GetAsync(string path, string? asUser) => SendAsync(HttpMethod.Get, path, asUser);

    public Task<Reply> PostAsync(string path, string? asUser, object? body = null) => SendAsync(HttpMethod.Post, path, asUser, body);

    public Task<Reply> PutAsync(string path, string? asUser, object? body) => SendAsync(HttpMethod.Put, path, asUser, body);

    public void Dispose() => _http.Dispose();

    private static async Task<JsonNode?> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}

/// <summary>An HTTP answer: its status, and its body as JSON or text.</summary>
public sealed record Reply(HttpStatusCode Status, string? MediaType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>Asserts the status, showing the body (usually problem details) when it differs.</summary>
    public Reply Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status} {status} but got {(int)Status} {Status}: {Text}");
        return this;
    }

    /// <summary>Asserts an RFC 7807 problem with this status and code.</summary>
    public JsonNode Problem(HttpStatusCode status, string? code = null)
    {
        Expect(status);
        Assert.Equal("application/problem+json", MediaType);
        var problem = Json;
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        if (code is not null)
        {
            Assert.Equal(code, problem["code"]?.GetValue<string>());
        }
        return problem;
    }

    public decimal Amount(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
        {
            node = int.TryParse(part, out var index) ? node?[index] : node?[part];
        }
        return node!.GetValue<decimal>();
    }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}
