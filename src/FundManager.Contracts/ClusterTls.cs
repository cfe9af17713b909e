using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace FundManager.Contracts;

/// <summary>
/// Mutual TLS between the cluster's processes: silo to silo, client to gateway. Every process holds
/// the same cluster certificate (a PKCS #12 file named by FundManager:Cluster:Tls:CertificatePath,
/// opened with FundManager:Cluster:Tls:CertificatePassword) and accepts a connection only from a
/// peer that presents that very certificate, so a self-signed one serves: no authority is trusted,
/// only the certificate the operator gave the cluster. Without a path it is off, as for the local run.
/// </summary>
public static class ClusterTls
{
    public const string PathSetting = "FundManager:Cluster:Tls:CertificatePath";
    public const string PasswordSetting = "FundManager:Cluster:Tls:CertificatePassword";

    /// <summary>The cluster certificate, or null when TLS is off.</summary>
    public static X509Certificate2? Certificate(IConfiguration configuration) =>
        configuration[PathSetting] is { Length: > 0 } path
            ? X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordSetting])
            : null;

    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, IConfiguration configuration) =>
        Certificate(configuration) is { } certificate ? silo.UseTls(certificate, o => Require(o, certificate)) : silo;

    public static IClientBuilder UseClusterTls(this IClientBuilder client, IConfiguration configuration) =>
        Certificate(configuration) is { } certificate ? client.UseTls(certificate, o => Require(o, certificate)) : client;

    /// <summary>Both ends present the cluster certificate and accept no other.</summary>
    public static void Require(TlsOptions options, X509Certificate2 certificate)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Pinned: the chain of a self-signed certificate and the host name of a peer reached by its address do not matter.
        options.RemoteCertificateValidation = (remote, _, _) => remote.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        options.OnAuthenticateAsClient = (_, tls) => tls.TargetHost = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }
}
