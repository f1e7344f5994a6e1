using System.Text;
using Confluent.Kafka;
using Orders.Contracts;
using Orders.IntegrationTests.Infrastructure;
using Orders.Kafka.Embedded;
using Orders.Tools.Backup;

namespace Orders.IntegrationTests.Operations;

/// <summary>Topics exported to a file and imported into an empty cluster come back identical, partition by partition.</summary>
public sealed class backup_and_restore : IDisposable
{
    private readonly EmbeddedKafkaCluster _source = KafkaServer.StartEmbeddedWithCatalog();
    private readonly EmbeddedKafkaCluster _target = KafkaServer.StartEmbeddedWithCatalog();

    [Fact]
    public async Task an_export_imported_into_an_empty_cluster_keeps_every_record_key_header_value_timestamp_and_per_partition_order()
    {
        var written = await ProduceAsync(_source.BootstrapServers, orders: 60);

        var backup = new MemoryStream();
        var exported = await new TopicExporter(_source.BootstrapServers, TextWriter.Null).ExportAsync(TopicCatalog.All.Select(t => t.Name), backup);
        Assert.Equal(written, exported.Values.Sum());

        backup.Position = 0;
        var progress = new StringWriter();
        await new TopicImporter(_target.BootstrapServers, progress).ImportAsync(backup, force: false);
        Assert.Contains("orders-events", progress.ToString());

        var original = await ReadEveryRecordAsync(_source.BootstrapServers);
        var restored = await ReadEveryRecordAsync(_target.BootstrapServers);
        Assert.Equal(written, original.Length);
        Assert.Equal(original, restored); // same topic, partition, offset, timestamp, key, headers (event ids) and value
    }

    [Fact]
    public async Task a_backup_larger_than_the_producers_local_queue_is_imported_whole()
    {
        // librdkafka refuses a record while its local queue is full (100,000 by default); a queue of 10 makes 240 records
        // overflow it as a multi-million-record restore would.
        var written = await ProduceAsync(_source.BootstrapServers, orders: 60);
        var backup = new MemoryStream();
        await new TopicExporter(_source.BootstrapServers, TextWriter.Null).ExportAsync(TopicCatalog.All.Select(t => t.Name), backup);

        backup.Position = 0;
        var counts = await new TopicImporter(_target.BootstrapServers, TextWriter.Null,
            config => { if (config is ProducerConfig producer) producer.QueueBufferingMaxMessages = 10; }).ImportAsync(backup, force: false);

        Assert.Equal(written, counts.Values.Sum());
        Assert.Equal(await ReadEveryRecordAsync(_source.BootstrapServers), await ReadEveryRecordAsync(_target.BootstrapServers));
    }

    [Fact]
    public async Task import_refuses_a_topic_that_already_holds_records_unless_forced()
    {
        await ProduceAsync(_source.BootstrapServers, orders: 3);
        await ProduceAsync(_target.BootstrapServers, orders: 1);
        var backup = new MemoryStream();
        await new TopicExporter(_source.BootstrapServers, TextWriter.Null).ExportAsync([Topics.OrdersEvents], backup);

        backup.Position = 0;
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new TopicImporter(_target.BootstrapServers, TextWriter.Null).ImportAsync(backup, force: false));
        Assert.Contains("already holds", refused.Message);

        backup.Position = 0;
        var counts = await new TopicImporter(_target.BootstrapServers, TextWriter.Null).ImportAsync(backup, force: true);
        Assert.Equal(9, counts[Topics.OrdersEvents]);
    }

    [Fact]
    public async Task a_corrupt_backup_line_is_reported_with_its_line_number()
    {
        var backup = new MemoryStream(Encoding.UTF8.GetBytes("{\"topic\":\"orders-events\",\"partition\":0,\"offset\":0,\"timestamp\":\"2026-01-01T00:00:00Z\",\"key\":\"k\",\"headers\":{},\"value\":null}\nnot json\n"));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new TopicImporter(_target.BootstrapServers, TextWriter.Null).ImportAsync(backup, force: false));
        Assert.Contains("Line 2", error.Message);
    }

    [Fact]
    public async Task a_backup_with_a_bad_record_anywhere_writes_nothing_at_all()
    {
        // Line 1 is valid and would be written first by a one-pass import; the value on line 3 is not base64.
        const string good = "{\"topic\":\"orders-events\",\"partition\":0,\"offset\":0,\"timestamp\":\"2026-01-01T00:00:00Z\",\"key\":\"k\",\"headers\":{},\"value\":\"e30=\"}";
        var backup = new MemoryStream(Encoding.UTF8.GetBytes($"{good}\n{good}\n{good.Replace("e30=", "not base64!")}\n"));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new TopicImporter(_target.BootstrapServers, TextWriter.Null).ImportAsync(backup, force: false));
        Assert.Contains("Line 3", error.Message);
        Assert.Empty(TopicReader.ReadAll(_target.BootstrapServers, Topics.OrdersEvents));
    }

    /// <summary>Three facts per order on orders-events and one on payments-events, keyed by order id, with headers.</summary>
    private static async Task<int> ProduceAsync(string bootstrap, int orders)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, Acks = Acks.All }).Build();
        var count = 0;
        for (var i = 0; i < orders; i++)
        {
            var key = Guid.NewGuid().ToString();
            foreach (var (topic, type) in new[] { (Topics.OrdersEvents, "orders.order-created.v2"), (Topics.OrdersEvents, "orders.item-added.v1"), (Topics.OrdersEvents, "orders.order-placed.v1"), (Topics.PaymentsEvents, "payments.payment-captured.v1") })
            {
                var headers = new Headers { { "id", Encoding.UTF8.GetBytes(Guid.NewGuid().ToString()) }, { "message-type", Encoding.UTF8.GetBytes(type) } };
                await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Headers = headers, Value = Encoding.UTF8.GetBytes($"{{\"orderId\":\"{key}\",\"n\":{count}}}") });
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Every record of every topic as a plain consumer reads it, not through the exporter under test (a field the
    /// exporter lost would be lost from both sides of the comparison alike).
    /// </summary>
    private static Task<string[]> ReadEveryRecordAsync(string bootstrap) => Task.FromResult(TopicCatalog.All
        .SelectMany(topic => TopicReader.ReadAll(bootstrap, topic.Name))
        .Select(r => $"{r.Topic}/{r.Partition}@{r.Offset} {r.Timestamp:O} {r.Key} " +
                     $"{string.Join(",", r.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"))} {Convert.ToBase64String(r.Value)}")
        .ToArray());

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }
}
