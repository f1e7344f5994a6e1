using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Ordering.Api.Orders;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;

namespace Orders.Verification;

/// <summary>
/// What must hold for every order once the suite is quiet, whatever failed on the way (docs/architecture.md §5): exactly one
/// terminal state and exactly one terminal fact that says the same; a shipped order paid once and not refunded; at most
/// one capture, and a refund for every capture of a cancelled order; exactly one shipment for a shipped order and none for
/// a cancelled one; every read model equal to what the log says (the order's fold, the payment's and the shipment's
/// status, whichever way they differ; the order's history, fact for fact); no fact recorded twice under two event ids (a
/// duplicated effect); no dead letter;
/// and, when the checker owns the log (the chaos runner's own broker), no order created that the load never got an
/// answer for (a retried create that made a second order). Reads the topics once, then each service's query endpoint
/// and database.
/// </summary>
public sealed class InvariantChecker(SuiteUnderTest suite, bool ownsTheLog = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Facts that happen at most once in an order's life; only items can be added many times.</summary>
    private static readonly HashSet<string> RepeatableFacts = ["orders.item-added.v1"];

    private const string Created = "orders.order-created.v3";

    /// <param name="expected">How some of the orders should end (the chaos load says, for those it did not cancel itself).</param>
    public async Task<InvariantReport> CheckAsync(IReadOnlyCollection<Guid> orders, CancellationToken cancellation = default,
        IReadOnlyDictionary<Guid, ExpectedEnding>? expected = null)
    {
        var keys = orders.Select(o => o.ToString()).ToHashSet();
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = suite.BootstrapServers });
        var whole = log.Read(log.CurrentEnd(TopicCatalog.All.Select(t => t.Name)), cancellation: cancellation)
            .DistinctBy(r => (r.Topic, r.EventId)) // a redelivered record is the same fact, not a second effect
            .ToList();
        var byOrder = whole.Where(r => r.Key is not null && keys.Contains(r.Key)).ToLookup(r => r.Key!);

        var violations = new List<string>();
        int lost = 0, stuck = 0, duplicated = 0, missingRefunds = 0, wrongShipments = 0, mismatches = 0, wrongEndings = 0, wrongPayments = 0, unexpectedEndings = 0, paymentTimeouts = 0;
        if (ownsTheLog)
            foreach (var stray in whole.Where(r => r.Topic == Topics.OrdersEvents && r.MessageType == Created && (r.Key is null || !keys.Contains(r.Key))).Select(r => r.Key).Distinct())
            {
                duplicated++;
                violations.Add($"{stray}: created, but no order the load was answered with");
            }
        foreach (var id in orders)
        {
            var records = byOrder[id.ToString()].ToList();
            int Count(string type) => records.Count(r => r.MessageType == type);

            var order = await GetAsync<OrderRead>(suite.Ordering, $"/orders/{id}", cancellation);
            if (order is null) { lost++; violations.Add($"{id}: lost (Ordering does not know it)"); continue; }
            if (order.Status is not ("Shipped" or "Cancelled")) { stuck++; violations.Add($"{id}: stuck in {order.Status}"); continue; }

            foreach (var repeated in records.Where(r => r.MessageType is { } t && !RepeatableFacts.Contains(t)).GroupBy(r => r.MessageType).Where(g => g.Count() > 1))
            {
                duplicated++;
                violations.Add($"{id}: {repeated.Key} recorded {repeated.Count()} times under different event ids");
            }

            // The order's own facts, decoded once, in the order the read model folds them.
            var facts = DecisionOrder.Of(records.Where(r => r.Topic == Topics.OrdersEvents), r => r.SentAt, r => r.Offset)
                .Select(r => ContractDecoder.Decode(r, new UpcastSettings()).Message).OfType<object>().ToList();

            var endings = facts.Select(f => f switch { OrderShipped => "Shipped", OrderCancelled => "Cancelled", _ => null }).OfType<string>().ToList();
            if (endings.Count != 1 || endings[0] != order.Status)
            {
                wrongEndings++;
                violations.Add($"{id}: {order.Status}, the log ends it {(endings.Count == 0 ? "never" : string.Join(" and ", endings))}; {Trail(records)}");
            }

            if (expected?.TryGetValue(id, out var wanted) == true)
            {
                var reason = facts.OfType<OrderCancelled>().FirstOrDefault()?.Reason;
                switch (Endings.Judge(wanted, order.Status, reason))
                {
                    case EndingVerdict.PaymentTimedOut: paymentTimeouts++; break;
                    case EndingVerdict.Unexpected:
                        unexpectedEndings++;
                        violations.Add($"{id}: {order.Status}{(reason is null ? "" : $" ({reason})")}, made to end {wanted}");
                        break;
                }
            }

            var captures = Count("payments.payment-captured.v1");
            var refunds = Count("payments.payment-refunded.v1");
            var shipments = Count("shipping.order-shipped.v1");
            if (order.Status == "Cancelled" && captures != refunds) { missingRefunds++; violations.Add($"{id}: cancelled with {captures} capture(s) and {refunds} refund(s); {Trail(records)}"); }
            if (order.Status == "Shipped" && (captures != 1 || refunds != 0)) { wrongPayments++; violations.Add($"{id}: shipped with {captures} capture(s) and {refunds} refund(s); {Trail(records)}"); }
            if ((order.Status == "Shipped" && shipments != 1) || (order.Status == "Cancelled" && shipments != 0))
            {
                wrongShipments++;
                violations.Add($"{id}: {order.Status} with {shipments} shipment fact(s)");
            }

            // Both ways: a payment the log has no fact for (money taken, nothing recorded) is as wrong as a missing one.
            var payment = await GetAsync<StatusRead>(suite.Payment, $"/payments/{id}", cancellation);
            var expectedPayment = ExpectedPayment(captures, refunds, Count("payments.payment-declined.v1"), Count("payments.payment-voided.v1"));
            if (payment?.Status != expectedPayment) { mismatches++; violations.Add($"{id}: payment reads {payment?.Status ?? "missing"}, the log says {expectedPayment ?? "none"}"); }
            var shipment = await GetAsync<StatusRead>(suite.Shipping, $"/shipments/{id}", cancellation);
            if ((order.Status == "Shipped" && shipment?.Status != "Dispatched") || (order.Status == "Cancelled" && shipment?.Status is not (null or "Cancelled" or "Failed")))
            {
                mismatches++;
                violations.Add($"{id}: shipment reads {shipment?.Status ?? "missing"} for a {order.Status.ToLowerInvariant()} order");
            }

            // The audit log (GET /orders/{id}/history) holds every fact about the order from the topics Ordering reads, once.
            var kept = (await GetAsync<List<HistoryRead>>(suite.Ordering, $"/orders/{id}/history", cancellation) ?? []).Select(h => h.EventId).ToList();
            var logged = records.Where(r => RecordedTopics.Contains(r.Topic) && r.EventId is not null && ContractDecoder.Decode(r, new UpcastSettings()).Message is not null)
                .Select(r => r.EventId!.Value).ToHashSet();
            if (kept.Count != logged.Count || !logged.SetEquals(kept))
            {
                mismatches++;
                var extra = kept.GroupBy(e => e).Where(g => g.Count() > 1 || !logged.Contains(g.Key)).Select(g => g.Key);
                violations.Add($"{id}: history holds {kept.Count} fact(s), the log {logged.Count}: missing {string.Join(", ", logged.Except(kept))}; " +
                               $"not in the log or twice {string.Join(", ", extra)}");
            }

            var folded = OrderFold.Fold(facts);
            if (folded is null || folded.Status.ToString() != order.Status || folded.Version != order.Version || folded.Total != order.Total)
            {
                mismatches++;
                violations.Add($"{id}: read model {order.Status}/v{order.Version}/{order.Total} differs from the log's fold {folded?.Status}/v{folded?.Version}/{folded?.Total}");
            }
        }

        var deadLetters = 0;
        foreach (var (service, connectionString) in suite.Databases)
        {
            var count = await CountDeadLettersAsync(service, connectionString, cancellation);
            if (count > 0) violations.Add($"{service}: {count} dead letter(s) left unexplained");
            deadLetters += count;
        }
        return new InvariantReport(orders.Count, lost, stuck, duplicated, wrongEndings, unexpectedEndings, paymentTimeouts, wrongPayments, missingRefunds, wrongShipments, mismatches, deadLetters, violations);
    }

    /// <summary>The payment's status as its facts on payments-events have it; null when it has none (no payment at all).</summary>
    public static string? ExpectedPayment(int captures, int refunds, int declines, int voids) =>
        captures > 0 ? (refunds > 0 ? "Refunded" : "Captured")
        : declines > 0 ? "Declined"
        : voids > 0 ? "Voided"
        : null;

    private static async Task<int> CountDeadLettersAsync(string schema, string connectionString, CancellationToken cancellation) =>
        (int)await ServiceDatabase.CountAsync(connectionString, $"select count(*) from \"{schema}\".wolverine_dead_letters", cancellation);

    private static async Task<T?> GetAsync<T>(HttpClient http, string path, CancellationToken cancellation) where T : class
    {
        using var response = await http.GetAsync(path, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellation);
    }

    private sealed record OrderRead(string Status, int Version, decimal Total);
    private sealed record StatusRead(string Status);
    private sealed record HistoryRead(Guid EventId);

    /// <summary>The topics whose facts about an order Ordering keeps in the order's history.</summary>
    private static readonly HashSet<string> RecordedTopics = [Topics.OrdersEvents, Topics.PaymentsEvents, Topics.ShippingEvents];

    /// <summary>What the log holds about one order, every topic, for a violation a person has to explain.</summary>
    private static string Trail(IEnumerable<LogRecord> records) =>
        "log: " + string.Join(", ", records.OrderBy(r => r.SentAt).Select(r => $"{r.Topic}[{r.Partition}]@{r.Offset} {r.MessageType} {r.SentAt:HH:mm:ss.fff}"));
}
