using Marten;
using Orders.ServiceDefaults.Privacy;

namespace Orders.ServiceDefaults.Rebuilding;

/// <summary>Masks a customer's personal data in a service's documents, as its erasure handler does; the caller commits.</summary>
public delegate Task MaskErasedCustomer(string customerId, IDocumentSession session, CancellationToken cancellation);

/// <summary>
/// Customers erased while a rebuild ran. A rebuild decodes personal data with the keys that exist when it reads, and its
/// swap writes what it decoded; an erasure in between (its masking committed, its keys destroyed) would be undone by the
/// swap, and the erasure's event may already have been handled. So a rebuild notes when it began and, under the swap's
/// lock, masks again every customer whose erasure was requested since.
/// </summary>
public sealed class ErasedDuringRebuild(ICustomerKeyStore? erasures, MaskErasedCustomer? mask)
{
    /// <summary>
    /// Erasure times come from the clock of the replica that took the request: a margin covers clocks that differ between
    /// replicas. Masking a customer already masked changes nothing, so the margin costs only a query.
    /// </summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    private readonly DateTimeOffset since = DateTimeOffset.UtcNow - ClockMargin;

    /// <summary>Masks, in the session, every customer erased since the rebuild began; answers how many.</summary>
    public async Task<int> MaskAgainAsync(IDocumentSession session, CancellationToken cancellation)
    {
        if (erasures is null || mask is null) return 0; // a service without personal data (Payment)
        var customers = await erasures.ErasedSinceAsync(since, cancellation);
        foreach (var customer in customers) await mask(customer, session, cancellation);
        return customers.Count;
    }
}
