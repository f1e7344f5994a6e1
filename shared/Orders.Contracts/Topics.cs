namespace Orders.Contracts;

/// <summary>Topic names of the wire contract (docs/architecture.md §3). Every topic is keyed by order id, except customers-events (customer id).</summary>
public static class Topics
{
    public const string OrdersEvents = "orders-events";
    public const string PaymentsCommands = "payments-commands";
    public const string PaymentsEvents = "payments-events";
    public const string ShippingCommands = "shipping-commands";
    public const string ShippingEvents = "shipping-events";

    /// <summary>Facts about customers rather than orders (erasure), keyed by customer id.</summary>
    public const string CustomersEvents = "customers-events";
}
