using Orders.Contracts.Versioning;

namespace Orders.Contracts.Customers;

/// <summary>
/// A customer's personal data was erased: their data keys are destroyed (<see cref="DestroyedKeyIds"/>; empty when a
/// repeated request found nothing left to destroy), so every sealed copy on every topic and backup is unreadable.
/// Each service drops its decrypted copies on receipt. Written by Ordering to <c>customers-events</c>, keyed by customer id.
/// </summary>
[MessageContract("customers.personal-data-erased", 1)]
public sealed record CustomerPersonalDataErased(string CustomerId, DateTimeOffset ErasedAt, IReadOnlyList<Guid> DestroyedKeyIds);
