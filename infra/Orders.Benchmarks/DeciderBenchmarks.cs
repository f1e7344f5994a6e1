using BenchmarkDotNet.Attributes;
using Ordering.Api.Orders;
using Orders.Contracts.Payments;
using Orders.Contracts.Shipping;
using Payment.Api.Payments;
using Shipping.Api.Shipments;

namespace Orders.Benchmarks;

/// <summary>One decision per HTTP command or consumed message: the pure part of each handler.</summary>
[MemoryDiagnoser]
public class DeciderBenchmarks
{
    private static readonly Guid OrderId = Guid.Parse("0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10");
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private Order created = null!, withItems = null!, placed = null!;

    [GlobalSetup]
    public void Setup()
    {
        created = OrderWorkflow.Run(new CreateOrder(OrderId, "c-1", "EUR", [new NewOrderLine("SKU-1", 1, 10.5m)]), null).Order!;
        withItems = OrderWorkflow.Run(new AddItem(OrderId, new NewOrderLine("SKU-2", 2, 3.25m)), created).Order!;
        placed = OrderWorkflow.Run(new PlaceOrder(OrderId, PlacedAt), withItems).Order!;
    }

    [Benchmark] public OrderOutcome Create_order() => OrderWorkflow.Run(new CreateOrder(OrderId, "c-1", "EUR", [new NewOrderLine("SKU-1", 1, 10.5m)]), null);
    [Benchmark] public OrderOutcome Add_item() => OrderWorkflow.Run(new AddItem(OrderId, new NewOrderLine("SKU-2", 2, 3.25m)), created);
    [Benchmark] public OrderOutcome Place_order() => OrderWorkflow.Run(new PlaceOrder(OrderId, PlacedAt), withItems);
    [Benchmark] public OrderOutcome Record_payment_captured() => OrderWorkflow.Run(new RecordPaymentCaptured(OrderId, Guid.Empty, 17m), placed);
    [Benchmark] public PaymentDecision Capture_payment() => PaymentDecider.Decide(new CapturePayment(OrderId, 17m, "EUR"), null, 10_000m, OrderId);
    [Benchmark] public ShipmentDecision Ship_order() => ShipmentDecider.Decide(new ShipOrder(OrderId, [new ShipmentLine("SKU-1", 1)]), null, []);
}
