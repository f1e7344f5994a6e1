using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Orders.Contracts.Ordering;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Messaging;

namespace Orders.Benchmarks;

/// <summary>
/// What every consumed record costs before a handler runs (and what a rebuild pays per event): contract JSON both
/// ways, the v1→v2 upcast of an old OrderCreated, and the whole decode of a log record as the rebuild does it.
/// </summary>
[MemoryDiagnoser]
public class ContractBenchmarks
{
    private static readonly OrderPlaced Placed = new(Guid.Parse("0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10"), 17m, "EUR");
    private static readonly UpcastSettings Settings = new("EUR");
    private byte[] placedJson = null!, createdV1 = null!, createdV2 = null!;
    private LogRecord v1Record = null!, v2Record = null!;

    [GlobalSetup]
    public void Setup()
    {
        placedJson = JsonSerializer.SerializeToUtf8Bytes(Placed, ContractJson.Options);
        createdV1 = Encoding.UTF8.GetBytes("""{"orderId":"0b0e4c1e-8f5a-4c5e-9d3a-2f1c7a9e4b10","customerId":"c-legacy"}""");
        createdV2 = JsonSerializer.SerializeToUtf8Bytes(new OrderCreated(Placed.OrderId, "c-1", "EUR"), ContractJson.Options);
        v1Record = Record("orders.order-created.v1", createdV1);
        v2Record = Record(MessageContracts.WireTypeOf(typeof(OrderCreated)), createdV2);
    }

    [Benchmark] public byte[] Serialize_order_placed() => JsonSerializer.SerializeToUtf8Bytes(Placed, ContractJson.Options);
    [Benchmark] public OrderPlaced? Deserialize_order_placed() => JsonSerializer.Deserialize<OrderPlaced>(placedJson, ContractJson.Options);
    [Benchmark] public (string, byte[]) Upcast_order_created_v1() => Upcasters.ToCurrent("orders.order-created.v1", createdV1, Settings);
    [Benchmark] public ContractDecoder.Decoded Decode_current_record() => ContractDecoder.Decode(v2Record, Settings);
    [Benchmark] public ContractDecoder.Decoded Decode_v1_record_with_upcast() => ContractDecoder.Decode(v1Record, Settings);

    private static LogRecord Record(string type, byte[] body) => new("orders-events", 0, 0, DateTimeOffset.UnixEpoch, Placed.OrderId.ToString(),
        new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString(), ["message-type"] = type }, body);
}
