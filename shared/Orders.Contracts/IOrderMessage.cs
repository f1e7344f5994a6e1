namespace Orders.Contracts;

/// <summary>Every message on the wire concerns one order; its id is the Kafka key, so one order's messages keep their order.</summary>
public interface IOrderMessage
{
    Guid OrderId { get; }
}
