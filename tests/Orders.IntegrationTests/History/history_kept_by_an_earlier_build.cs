using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ordering.Api.Orders;
using Ordering.Api.Orders.History;
using Orders.Contracts;
using Orders.Contracts.Ordering;
using Orders.Contracts.Payments;
using Orders.Contracts.Versioning;
using Orders.IntegrationTests.Infrastructure;

namespace Orders.IntegrationTests.History;

/// <summary>
/// The upgrade from builds that kept the audit log as Marten documents: the first start of this build moves every entry
/// into the history table, whole, and drops the document table, so the history and temporal queries read as before.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class history_kept_by_an_earlier_build(SuiteFixture suite)
{
    [Fact]
    public async Task moves_into_the_history_table_at_the_first_start_and_reads_as_before()
    {
        var database = await suite.Postgres.CreateDatabaseAsync("ordering");
        var orderId = Guid.CreateVersion7();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
        OrderHistoryEntry Entry(IOrderMessage fact, string topic, int? partition, long? offset, int ms, Guid? causation) =>
            new(Guid.CreateVersion7(), orderId, MessageContracts.WireTypeOf(fact.GetType()), MessageContracts.WireTypeOf(fact.GetType()), topic, partition,
                offset, at.AddMilliseconds(ms), "corr-upgrade", causation, JsonSerializer.Serialize(fact, fact.GetType(), ContractJson.Options));
        OrderHistoryEntry[] entries =
        [
            Entry(new OrderCreated(orderId, "c-upgrade", "EUR"), Topics.OrdersEvents, 2, 40, 0, null),
            Entry(new ItemAdded(orderId, "SKU-1", 2, 3.25m), Topics.OrdersEvents, 2, 41, 10, null),
            Entry(new OrderPlaced(orderId, 6.5m, "EUR"), Topics.OrdersEvents, 2, 42, 20, null),
            // Recovered from Payment's inbox after a crash: no coordinates in the log.
            Entry(new PaymentCaptured(orderId, Guid.NewGuid(), 6.5m, "EUR"), Topics.PaymentsEvents, null, null, 30, Guid.NewGuid()),
        ];
        await using (var earlier = DocumentStore.For(options =>
        {
            // As the earlier build mapped it (OrderingModule before the table): a document with its order id as a column.
            options.Connection(database);
            options.DatabaseSchemaName = "ordering";
            options.UseSystemTextJsonForSerialization(enumStorage: Weasel.Core.EnumStorage.AsString);
            options.Schema.For<OrderHistoryEntry>().Duplicate(entry => entry.OrderId);
        }))
        {
            await using var session = earlier.LightweightSession();
            session.Store(entries);
            await session.SaveChangesAsync();
        }

        // A broker of its own: an empty log, so the start restores nothing and the history holds only what was moved.
        using var broker = KafkaServer.StartEmbeddedWithCatalog();
        await using var ordering = await suite.StartAsync<Order>(database, ("Kafka:BootstrapServers", broker.BootstrapServers));
        var http = ordering.Server.CreateClient();

        var history = (await http.GetFromJsonAsync<List<HistoryEntryDto>>($"/orders/{orderId}/history", SuiteClient.Json))!;
        Assert.Equal(
            entries.Select(e => (e.Id, e.WireType, e.Topic, e.Partition, e.Offset, e.Timestamp, e.CorrelationId, e.CausationId)),
            history.Select(h => (h.EventId, h.Type, h.Topic, h.Partition, h.Offset, h.Timestamp, h.CorrelationId, h.CausationId)));
        Assert.Equal(3.25m, history[1].Data.GetProperty("unitPrice").GetDecimal());
        var placed = await http.GetFromJsonAsync<OrderDto>($"/orders/{orderId}?version=3", SuiteClient.Json);
        Assert.Equal(("Placed", 6.5m, 3), (placed!.Status, placed.Total, placed.Version));

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var gone = new NpgsqlCommand($"select to_regclass('ordering.{HistoryOutOfDocuments.DocumentTable}') is null", connection);
        Assert.True((bool)(await gone.ExecuteScalarAsync())!, "the document table is dropped once its rows are moved");

        // A second start (a replica, a restart) finds nothing to move and keeps what is there.
        await using var again = await suite.StartAsync<Order>(database, ("Kafka:BootstrapServers", broker.BootstrapServers));
        Assert.Equal(entries.Length, (await again.Server.CreateClient().GetFromJsonAsync<List<HistoryEntryDto>>($"/orders/{orderId}/history", SuiteClient.Json))!.Count);
    }
}
