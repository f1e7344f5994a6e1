using Npgsql;

namespace Orders.ServiceDefaults.Persistence;

/// <summary>
/// TLS to PostgreSQL by configuration, on top of <c>ConnectionStrings:Postgres</c>: section <c>Postgres</c>
/// (environment: <c>Postgres__SslMode=VerifyFull</c>, <c>Postgres__RootCertificate=/etc/orders/postgres/ca.crt</c>).
/// Kept apart from the connection string so the secret holds only credentials and the chart sets the TLS policy.
/// </summary>
public sealed class PostgresSettings
{
    public const string Section = "Postgres";

    public SslMode? SslMode { get; set; }

    /// <summary>CA certificate (PEM) the server's certificate must chain to.</summary>
    public string? RootCertificate { get; set; }

    /// <summary>Client certificate and key (PEM), for servers that authenticate clients by certificate.</summary>
    public string? SslCertificate { get; set; }
    public string? SslKey { get; set; }

    public string ApplyTo(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (SslMode is { } mode) builder.SslMode = mode;
        if (RootCertificate is not null) builder.RootCertificate = RootCertificate;
        if (SslCertificate is not null) builder.SslCertificate = SslCertificate;
        if (SslKey is not null) builder.SslKey = SslKey;
        return builder.ConnectionString;
    }
}
