namespace Orders.Contracts.Privacy;

/// <summary>A customer's data key (256 bits). <see cref="KeyId"/> travels with every value it seals; the key never does.</summary>
public sealed record CustomerKey(Guid KeyId, string CustomerId, byte[] Material);

/// <summary>
/// Where data keys live, outside Kafka. Synchronous because message serialization is: implementations answer from a
/// database, a KMS or a vault. <see cref="Find"/> answers null once a key is destroyed: that is what erasure means.
/// </summary>
public interface ICustomerKeys
{
    /// <summary>The customer's live key, created on first use.</summary>
    CustomerKey ActiveKeyFor(string customerId);

    /// <summary>The key with this id, or null when it was destroyed (the customer was erased) or never existed.</summary>
    CustomerKey? Find(Guid keyId);
}
