using Orders.Contracts.Privacy;

namespace Orders.ServiceDefaults.Privacy;

/// <summary>What the store tells about one key; never its material.</summary>
public sealed record CustomerKeyInfo(Guid KeyId, DateTimeOffset CreatedAt, DateTimeOffset? DestroyedAt);

/// <summary>One erasure request as audited: when, and which keys it destroyed (none when they were already gone).</summary>
public sealed record ErasureRecord(string CustomerId, DateTimeOffset RequestedAt, IReadOnlyList<Guid> DestroyedKeyIds);

/// <summary>
/// The key store behind crypto-shredding. PostgreSQL (<see cref="PostgresCustomerKeyStore"/>) in development; in production
/// a KMS or Vault implements it (keys wrapped by a master key that never leaves the KMS, destruction = scheduled key deletion).
/// </summary>
public interface ICustomerKeyStore : ICustomerKeys
{
    /// <summary>Destroys every live key of the customer and audits the request. Idempotent: a repeat destroys nothing and is audited too.</summary>
    Task<ErasureRecord> DestroyAsync(string customerId, DateTimeOffset now, CancellationToken cancellation);

    Task<IReadOnlyList<CustomerKeyInfo>> KeysOfAsync(string customerId, CancellationToken cancellation);

    Task<IReadOnlyList<ErasureRecord>> ErasuresOfAsync(string customerId, CancellationToken cancellation);

    /// <summary>
    /// The customers whose erasure was requested at or after <paramref name="since"/>: a projection rebuild decoded their
    /// personal data with keys that may be gone by its swap, and masks them again then (<see cref="Rebuilding.ErasedDuringRebuild"/>).
    /// </summary>
    Task<IReadOnlyList<string>> ErasedSinceAsync(DateTimeOffset since, CancellationToken cancellation);
}
