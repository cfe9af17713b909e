using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FundManager.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FundManager.Grains.Tests;

/// <summary>
/// A silo configured with a cluster certificate, on real TCP ports: a client with the same
/// certificate talks to it; a plain client and a client with a certificate of its own are refused.
/// The certificates are made here, self-signed, and deleted afterwards.
/// </summary>
public sealed class ClusterTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "cluster-certificate-password";
    private readonly string _folder = Directory.CreateTempSubdirectory("fundmanager-tls-").FullName;
    private readonly int _siloPort = FreePort();
    private readonly int _gatewayPort = FreePort();
    private readonly FailedHandshakes _handshakes = new();
    private IHost? _silo;

    private string ClusterCertificate => Path.Combine(_folder, "cluster.pfx");

    public async Task InitializeAsync()
    {
        Write(ClusterCertificate, "fundmanager-cluster");
        Write(Path.Combine(_folder, "stranger.pfx"), "fundmanager-cluster");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(Settings(ClusterCertificate));
        builder.Logging.AddProvider(_handshakes);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(_siloPort, _gatewayPort);
            silo.UseClusterTls(builder.Configuration);
        });
        _silo = builder.Build();
        await _silo.StartAsync();
    }

    [Fact]
    public async Task a_client_with_the_cluster_certificate_talks_to_the_silo()
    {
        using var client = await StartClientAsync(Settings(ClusterCertificate));

        var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Single(hosts);
        Assert.Equal(0, _handshakes.Count);
    }

    [Fact]
    public async Task a_plain_client_is_refused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var client = await StartClientAsync([]);
            await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        });

        AssertRefusedByTheGateway(refused);
    }

    [Fact]
    public async Task a_client_with_another_certificate_of_the_same_name_is_refused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var client = await StartClientAsync(Settings(Path.Combine(_folder, "stranger.pfx")));
            await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        });

        AssertRefusedByTheGateway(refused);
    }

    // The client keeps trying, so what shows the refusal is the silo's side: it failed the TLS handshake.
    private void AssertRefusedByTheGateway(Exception refused)
    {
        output.WriteLine(refused.GetType().Name);
        Assert.True(_handshakes.Count > 0, "the silo logged no failed TLS handshake");
    }

    /// <summary>Counts the connections the silo's TLS layer refused, as it logs them.</summary>
    private sealed class FailedHandshakes : ILoggerProvider
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => new Counter(this, categoryName.StartsWith("Orleans.Connections.Security.TlsServerConnectionMiddleware", StringComparison.Ordinal));

        public void Dispose()
        {
        }

        private sealed class Counter(FailedHandshakes owner, bool counts) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => counts && logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel) && exception is System.Security.Authentication.AuthenticationException or IOException)
                {
                    Interlocked.Increment(ref owner._count);
                }
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<IHost> StartClientAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(_gatewayPort);
            client.UseClusterTls(builder.Configuration);
        });
        var host = builder.Build();
        try
        {
            // A refused client keeps trying to connect; a few seconds are plenty for one that is let in.
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string?> Settings(string certificate) => new()
    {
        [ClusterTls.PathSetting] = certificate,
        [ClusterTls.PasswordSetting] = Password,
    };

    private static void Write(string path, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
