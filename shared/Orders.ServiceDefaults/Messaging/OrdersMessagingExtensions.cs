using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orders.Contracts;
using Orders.Contracts.Versioning;
using Orders.ServiceDefaults.Kafka;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Kafka;
using Wolverine.Kafka.Internals;
using Wolverine.Util;

namespace Orders.ServiceDefaults.Messaging;

public static class OrdersMessagingExtensions
{
    /// <summary>
    /// Kafka as every service uses it: idempotent producers with acks=all, consumer groups named after the service (one
    /// per topic, <c>{prefix}-{service}.{topic}</c>: <see cref="ListenToOrderTopic"/>, the batched listeners) that
    /// start at the earliest offset (a new group must see history, not only what comes after it joined),
    /// stable wire names, and the durable outbox on every topic we publish to.
    /// </summary>
    public static KafkaTransportExpression UseOrdersKafka(this WolverineOptions opts, IConfiguration configuration, string serviceName)
    {
        WolverineMessageNaming.InsertFirst<ContractNaming>();
        // Message bodies follow the contract's JSON shape, pinned by the contract corpus tests.
        opts.UseSystemTextJsonForSerialization(json =>
        {
            var contract = ContractJson.Options;
            json.PropertyNamingPolicy = contract.PropertyNamingPolicy;
            json.PropertyNameCaseInsensitive = contract.PropertyNameCaseInsensitive;
            json.AllowTrailingCommas = contract.AllowTrailingCommas;
            json.ReadCommentHandling = contract.ReadCommentHandling;
            json.Encoder = contract.Encoder;
        });
        opts.ServiceName = serviceName;
        // Envelope ids are the inbox's deduplication key in the service that receives them, and the suite's event ids.
        // Wolverine's default (NewId) builds them from the machine's network identity, a timestamp and a per-process
        // sequence, so two services on one host (make run, a node, containers sharing a network identity) can make the
        // same id at the same instant: make bench lost an order when Ordering's ship-order arrived with the id of a
        // dispatch Shipping had just scheduled for itself, and Shipping's inbox dropped it as a duplicate. Version 7
        // GUIDs are random past the millisecond, and still in time order for the inbox's index.
        opts.EnvelopeIdGeneration = EnvelopeIdGeneration.GuidV7;
        // Who recovers the inbox and outbox envelopes a failure left without an owner. Balanced elects a leader that
        // hands out the recovery agents; make chaos showed that after the database refused connections for a few
        // seconds the leadership lock was lost and the recovery never resumed, leaving committed events unsent.
        // Solo runs recovery on every node, always: right for one instance per service (make run, tests, chaos) and
        // safe with several (recovered envelopes may be sent twice; consumers deduplicate by envelope id).
        opts.Durability.Mode = configuration.GetValue(DurabilityModeSetting, DurabilityMode.Solo);
        // Scheduled messages (Shipping's dispatch after the picking time, Ordering's payment deadline) are released by a
        // poller that loads at most RecoveryBatchSize due messages per ScheduledJobPollingTime. Wolverine's 100 per 5 s
        // capped the whole suite at 20 orders/s and added 0-5 s to every order (make bench, docs/performance.md).
        opts.Durability.ScheduledJobPollingTime = configuration.GetValue(ScheduledPollingSetting, TimeSpan.FromSeconds(1));
        opts.Durability.RecoveryBatchSize = configuration.GetValue(RecoveryBatchSizeSetting, 500);

        var kafka = configuration.GetSection(KafkaSettings.Section).Get<KafkaSettings>() ?? new KafkaSettings();
        kafka.Validate();
        TopicListenerSettings.AddOrUpdate(opts, kafka);
        var transport = opts.UseKafka(kafka.BootstrapServers)
            .ConfigureClient(client => ClientDefaults(kafka, client))
            .ConfigureProducers(producer =>
            {
                producer.EnableIdempotence = true;
                producer.Acks = Acks.All;
                producer.LingerMs = 2;
                // A record the brokers have not acknowledged within a minute fails (librdkafka's default is five) and
                // Wolverine's durable sender retries it from the outbox: a sender never holds a message in memory for
                // long, so one kept in the outbox for minutes is stranded (Persistence/StrandedOutgoingRelease).
                producer.MessageTimeoutMs = 60_000;
            })
            .ConfigureConsumers(consumer =>
            {
                ConsumerDefaults(kafka, consumer);
                consumer.GroupId = ConsumerGroups.ForService(kafka.GroupPrefix, serviceName);
            });

        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
        // How long outgoing messages wait to be produced together, per topic where set (see SendBatchWindows).
        var sendWindows = SendBatchWindows.From(configuration);
        opts.Policies.AllSenders(sender =>
        {
            if (sendWindows.For(sender.Endpoint) is { } window) sender.Endpoint.MessageBatchTimeout = window;
        });
        if (configuration.GetValue<int?>(SendBatchSizeSetting) is { } sendBatch)
        {
            if (sendBatch < 1) throw new InvalidOperationException($"{SendBatchSizeSetting} must be at least 1; it is {sendBatch}.");
            opts.Policies.AllSenders(sender => sender.Endpoint.MessageBatchSize = sendBatch);
        }
        // A message nobody handles is kept with its reason, never acknowledged and forgotten.
        opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;
        opts.Policies.AutoApplyTransactions();

        // The database away for a moment (connections killed, a restart, an outage of a few seconds) is waited out in
        // place, about 15 s, keeping the order's messages in order; any other database error is retried briefly. What
        // still fails lands in the dead-letter table (wolverine_dead_letters) instead of blocking the partition.
        opts.OnException(TransientFailures.IsTransient, "the database is away for a moment")
            .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8))
            .Then.MoveToErrorQueue();
        opts.OnException<Npgsql.NpgsqlException>().RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2))
            .Then.MoveToErrorQueue();
        opts.OnException<JasperFx.ConcurrencyException>().RetryWithCooldown(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250))
            .Then.MoveToErrorQueue();
        return transport;
    }

    /// <summary>What every Kafka client of a service is given: where the cluster is, how to authenticate, and timeouts.</summary>
    public static void ClientDefaults(KafkaSettings kafka, ClientConfig client)
    {
        kafka.ApplyTo(client);
        // A broker that vanishes without closing its sockets (a crash, a partition) leaves requests in flight
        // unanswered; librdkafka gives up on them after socket.timeout.ms. Its 60 s default stalled every
        // consumer for a minute after such a fault (found by make chaos); 10 s recovers sooner.
        client.SocketTimeoutMs = 10_000;
    }

    /// <summary>
    /// What every consumer of a service is given, Wolverine's listeners and the batched projections alike, so the lag
    /// check, the chaos runner's group reset and an operator's tools find every group behaving the same way.
    /// The caller sets the group id.
    /// </summary>
    public static void ConsumerDefaults(KafkaSettings kafka, ConsumerConfig consumer)
    {
        ClientDefaults(kafka, consumer);
        if (kafka.FetchWaitMaxMs is { } wait) consumer.FetchWaitMaxMs = wait;
        // A new group must see history, not only what comes after it joined.
        consumer.AutoOffsetReset = AutoOffsetReset.Earliest;
        // A crashed instance never says goodbye to its group: its partitions stay assigned to it until the
        // session times out. Kafka's 45 s default stalls those orders that long; 10 s (heartbeat every 3 s)
        // hands them to a live instance sooner and still rides out a broker's brief pauses.
        consumer.SessionTimeoutMs = 10_000;
        consumer.HeartbeatIntervalMs = 3_000;
        // A member waits for the answer to its JoinGroup up to max.poll.interval.ms + 3 s (librdkafka's request timeout).
        // make chaos (seed 30227) saw the embedded broker never answer one after a burst of broker outages: Ordering's saga
        // stood still for 280 s under Kafka's 300 s default. 60 s bounds such a stall and stays far above the longest gap
        // between two polls here. A listener that exceeds it (a batch retried through a long database outage) leaves the
        // group, is started again and reads again what it had not stored: offsets follow the database commit.
        consumer.MaxPollIntervalMs = 60_000;
    }

    /// <summary>
    /// Listens to a topic of the catalog keeping each order's messages in order (docs/architecture.md §5.4): every
    /// record is first written to the durable inbox (deduplicated by envelope id), then the offset is committed,
    /// then handlers run sharded by Kafka key, so one order is handled sequentially while orders run in parallel.
    /// Each topic gets its own consumer group (<c>orders-ordering.payments-events</c>): its offsets and rebalances
    /// are independent of the service's other topics.
    /// </summary>
    public static KafkaListenerConfiguration ListenToOrderTopic(this WolverineOptions opts, string topic)
    {
        if (!TopicListenerSettings.TryGetValue(opts, out var kafka))
            throw new InvalidOperationException($"Call {nameof(UseOrdersKafka)} before {nameof(ListenToOrderTopic)}: a listener takes the service's consumer group and settings.");
        return opts.ListenToKafkaTopic(topic)
            .ExtendConsumerConfiguration(consumer =>
            {
                consumer.GroupId = ConsumerGroups.ForTopic(consumer.GroupId!, topic);
                if (kafka.FetchWaitMaxMsFor(topic) is { } wait) consumer.FetchWaitMaxMs = wait;
            })
            .UseInterop((runtime, endpoint) => new UpcastingEnvelopeMapper(
                new KafkaEnvelopeMapper(endpoint),
                UpcastSettingsFrom(runtime.Services.GetRequiredService<IConfiguration>()),
                runtime.LoggerFactory.CreateLogger<UpcastingEnvelopeMapper>()))
            .ProcessConcurrentlyByKey(PartitionSlots.Five);
    }

    // The Kafka settings each WolverineOptions was given by UseOrdersKafka, for the topic listeners added after it.
    private static readonly ConditionalWeakTable<WolverineOptions, KafkaSettings> TopicListenerSettings = new();

    /// <summary><c>Solo</c> (default) or <c>Balanced</c>: see <see cref="UseOrdersKafka"/>.</summary>
    public const string DurabilityModeSetting = "Messaging:DurabilityMode";

    /// <summary>How often due scheduled messages are looked for (default 1 s).</summary>
    public const string ScheduledPollingSetting = "Messaging:ScheduledPollingTime";

    /// <summary>How many due scheduled (or orphaned) envelopes one poll takes (default 500).</summary>
    public const string RecoveryBatchSizeSetting = "Messaging:RecoveryBatchSize";

    /// <summary>How long an outgoing message may wait for others to be sent with it (unset: Wolverine's 250 ms).</summary>
    public const string SendBatchWindowSetting = "Messaging:SendBatchWindow";

    /// <summary>The same for one topic (<c>Messaging__SendBatchWindowByTopic__payments-commands=00:00:00.020</c>).</summary>
    public const string SendBatchWindowByTopicSetting = "Messaging:SendBatchWindowByTopic";

    /// <summary>How many outgoing messages one produce batch may carry (unset: Wolverine's 100).</summary>
    public const string SendBatchSizeSetting = "Messaging:SendBatchSize";

    /// <summary>The currency of orders written before orders had one (<c>orders.order-created.v1</c>).</summary>
    public const string LegacyCurrencySetting = "Ordering:LegacyCurrency";

    /// <summary>How old records are read here: the listeners, restores and rebuilds must all upcast alike.</summary>
    public static UpcastSettings UpcastSettingsFrom(IConfiguration configuration) => new(configuration[LegacyCurrencySetting] ?? "EUR");

    /// <summary>Sends a contract type to its topic, keyed by order id, through the durable outbox.</summary>
    public static void PublishToOrderTopic<T>(this WolverineOptions opts, string topic) where T : IOrderMessage =>
        opts.PublishMessage<T>().ToKafkaTopic(topic)
            .CustomizeOutgoingMessagesOfType<T>((envelope, message) => envelope.PartitionKey = message.OrderId.ToString())
            .UseDurableOutbox();
}
