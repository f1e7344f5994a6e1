using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Orders.ServiceDefaults.Persistence;

/// <summary>
/// TLS and connection handling for PostgreSQL by configuration, on top of <c>ConnectionStrings:Postgres</c>: section
/// <c>Postgres</c> (environment: <c>Postgres__SslMode=VerifyFull</c>, <c>Postgres__RootCertificate=/etc/orders/postgres/ca.crt</c>).
/// Kept apart from the connection string so the secret holds only credentials and the chart sets the policy.
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

    /// <summary>
    /// Whether a connection handed back to the pool is reset with <c>DISCARD ALL</c> (Npgsql's default). Off here:
    /// `make bench` counted 15 of those round trips per order in Ordering alone, a quarter of its statements, and
    /// nothing in the suite leaves session state behind (Wolverine's advisory locks live on their own connections and
    /// are released explicitly). A <c>No Reset On Close</c> in the connection string itself wins over this.
    /// </summary>
    public bool ResetConnectionsOnReturn { get; set; }

    /// <summary>
    /// Npgsql's automatic preparation: up to this many of a connection's most used statements are prepared on it, so
    /// PostgreSQL stops parsing and planning them every time (Npgsql's <c>Max Auto Prepare</c>, whose default 0 turns it
    /// off). `make bench` measured PostgreSQL's CPU at 80% of a core instead of 99% for 10% more orders (50 here); it
    /// pays off only together with <see cref="ResetConnectionsOnReturn"/> off, since a reset would drop them. 0 turns it off.
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 50;

    /// <summary>
    /// The most connections one service process holds (Npgsql's <c>Maximum Pool Size</c>, whose default is 100). A
    /// connection is a PostgreSQL process with its own plan cache; at this suite's ceiling 100 of them made PostgreSQL
    /// spend 15% more CPU per order than 16 did, for 10–14% fewer orders (docs/performance.md, step 19): a busy server
    /// does more with a few connections kept busy than with many taking turns. Every replica of every service holds up to
    /// this many, and Ordering and Shipping as many again for the key store: replicas × (services + 2) × this must stay under
    /// the server's <c>max_connections</c> when both live on one server.
    /// </summary>
    public int MaxPoolSize { get; set; } = 16;

    /// <summary>
    /// Connection string <paramref name="name"/> with these settings applied: every database a service opens (its own,
    /// the key store) follows the one TLS policy the chart sets, not only the first one wired.
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, string name)
    {
        var connectionString = configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set (environment: ConnectionStrings__{name}).");
        var settings = configuration.GetSection(Section).Get<PostgresSettings>() ?? new PostgresSettings();
        return settings.ApplyTo(connectionString);
    }

    public string ApplyTo(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's builder knows every keyword, set or not; the plain one holds only what the string gives.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Gives(params string[] keywords) => keywords.Any(given.ContainsKey);
        if (!Gives("No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = !ResetConnectionsOnReturn;
        if (!Gives("Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!Gives("Maximum Pool Size", "MaxPoolSize")) builder.MaxPoolSize = MaxPoolSize;
        if (SslMode is { } mode) builder.SslMode = mode;
        if (RootCertificate is not null) builder.RootCertificate = RootCertificate;
        if (SslCertificate is not null) builder.SslCertificate = SslCertificate;
        if (SslKey is not null) builder.SslKey = SslKey;
        return builder.ConnectionString;
    }
}
