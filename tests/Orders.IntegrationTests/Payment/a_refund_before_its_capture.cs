using System.Text.Json;
using Orders.Contracts;
using Orders.Contracts.Payments;
using Orders.Contracts.Versioning;
using Orders.IntegrationTests.Infrastructure;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;
using Payment.Api.Payments;

namespace Orders.IntegrationTests.Payment;

/// <summary>
/// A refund that reaches Payment before its capture (the capture held up in Ordering's outbox) voids the payment, and the
/// late capture takes no money. The void is a fact on payments-events, so a payment restored from the log refuses the
/// capture as well: no state that decides anything lives only in a database.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class a_refund_before_its_capture(SuiteFixture suite)
{
    private readonly SuiteClient _client = new(suite);

    [Fact]
    public async Task voids_the_payment_publishes_the_void_refuses_the_late_capture_and_the_log_restores_the_void()
    {
        var id = Guid.NewGuid(); // an order Ordering never saw: only Payment acts on these commands
        await ProduceAsync(id, new RefundPayment(id, "cancelled before its capture arrived"));
        await Eventually.Until(() => _client.GetPaymentAsync(id), p => p?.Status == "Voided", "the payment voided");
        await ProduceAsync(id, new CapturePayment(id, 42m, "EUR"));
        await ConsumerGroupOffsets.WaitUntilCaughtUpAsync(suite.Kafka.BootstrapServers,
            ConsumerGroups.ForTopic(suite.GroupPrefix, "payment", Topics.PaymentsCommands), Topics.PaymentsCommands, "the late capture applied");

        Assert.Equal("Voided", (await _client.GetPaymentAsync(id))!.Status);
        var facts = await Eventually.Until(() => Task.FromResult(FactsOf(id)), f => f.Count > 0, "the void on payments-events");
        Assert.Equal(["payments.payment-voided.v1"], facts.Select(f => f.MessageType));

        // What a restore onto an empty database writes for this order: the fold of its facts, read back from the broker.
        var decoded = facts.Select(f => (f, ContractDecoder.Decode(f, new UpcastSettings()).Message!));
        var restored = Assert.Single(RestorePaymentsFromLog.State.Fold(decoded));
        Assert.Equal((id, PaymentStatus.Voided), (restored.OrderId, restored.Status));
    }

    private Task ProduceAsync(Guid orderId, object command) =>
        TopicReader.ProduceTogetherAsync(suite.Kafka.BootstrapServers, Topics.PaymentsCommands, orderId,
            (MessageContracts.WireTypeOf(command.GetType()), JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), ContractJson.Options)));

    private List<LogRecord> FactsOf(Guid orderId)
    {
        var log = new KafkaLog(new KafkaSettings { BootstrapServers = suite.Kafka.BootstrapServers });
        return log.Read(log.CurrentEnd([Topics.PaymentsEvents])).Where(r => r.Key == orderId.ToString()).ToList();
    }
}
