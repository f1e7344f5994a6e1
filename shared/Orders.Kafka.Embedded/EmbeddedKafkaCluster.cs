using System.Runtime.InteropServices;
using Confluent.Kafka;
using Orders.Kafka.Native;
using static Orders.Kafka.Embedded.LibrdkafkaMockInterop;

namespace Orders.Kafka.Embedded;

/// <summary>
/// An in-process Kafka cluster: librdkafka's built-in mock cluster, a real Kafka wire-protocol broker
/// listening on 127.0.0.1 (random ports). It handles produce, fetch, consumer groups with offset
/// commits, the idempotent and transactional producer and headers; it has no CreateTopics API and
/// keeps only recent data in memory. For development and tests only.
/// </summary>
/// <remarks>
/// Any Kafka client (Confluent.Kafka, Wolverine's Kafka transport) connects to
/// <see cref="BootstrapServers"/>. Several clusters can run in one process. Dispose stops the brokers;
/// clients still connected then just see the connection drop.
/// All members are thread-safe.
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private IntPtr _rk;       // rd_kafka_t* the mock cluster is attached to (needed for its bookkeeping)
    private IntPtr _mcluster; // rd_kafka_mock_cluster_t*

    private EmbeddedKafkaCluster(IntPtr rk, IntPtr mcluster, int brokers, string bootstrapServers)
    {
        _rk = rk;
        _mcluster = mcluster;
        BrokerCount = brokers;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated host:port list of the brokers, e.g. "127.0.0.1:37151".</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; broker ids are 1..BrokerCount.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster and creates the configured topics.</summary>
    /// <exception cref="DllNotFoundException">librdkafka could not be loaded.</exception>
    /// <exception cref="KafkaException">The native cluster could not be created, or a topic could not.</exception>
    public static EmbeddedKafkaCluster Start(EmbeddedKafkaOptions? options = null)
    {
        options ??= new EmbeddedKafkaOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Brokers, 1, nameof(options.Brokers));
        ArgumentOutOfRangeException.ThrowIfNegative(options.InitialRebalanceDelayMs, nameof(options.InitialRebalanceDelayMs));

        // Both resolvers before the first native call: Confluent.Kafka's (so the clients the caller
        // builds next can load librdkafka on Debian 12) and ours (same library handle).
        ConfluentNativeLibrary.EnsureInstalled();
        EnsureResolver();

        var rk = CreateHostHandle();
        var mcluster = rd_kafka_mock_cluster_new(rk, options.Brokers);
        if (mcluster == IntPtr.Zero)
        {
            rd_kafka_destroy(rk);
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "rd_kafka_mock_cluster_new failed"));
        }

        rd_kafka_mock_group_initial_rebalance_delay_ms(mcluster, options.InitialRebalanceDelayMs);

        var bootstraps = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(mcluster));
        var cluster = new EmbeddedKafkaCluster(rk, mcluster, options.Brokers, bootstraps ?? string.Empty);
        try
        {
            if (string.IsNullOrEmpty(bootstraps))
            {
                throw new KafkaException(new Error(ErrorCode.Local_Fail, "mock cluster reported no bootstrap servers"));
            }

            foreach (var topic in options.Topics)
            {
                cluster.CreateTopic(topic.Name, topic.Partitions, topic.ReplicationFactor);
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        return cluster;
    }

    /// <summary>Creates a topic. Fails if it exists already.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        Check(Native(cluster => rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor)), $"create topic '{name}'");
    }

    /// <summary>
    /// Disconnects the broker and refuses new connections (no leader change). -1 = all brokers.
    /// </summary>
    public void SetBrokerDown(int brokerId) =>
        Check(Native(cluster => rd_kafka_mock_broker_set_down(cluster, brokerId)), $"set broker {brokerId} down");

    /// <summary>Lets the broker accept connections again. -1 = all brokers.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(Native(cluster => rd_kafka_mock_broker_set_up(cluster, brokerId)), $"set broker {brokerId} up");

    /// <summary>Delays every response of the broker by <paramref name="rttMs"/> (0 = none). -1 = all brokers.</summary>
    public void SetBrokerRtt(int brokerId, int rttMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rttMs);
        Check(Native(cluster => rd_kafka_mock_broker_set_rtt(cluster, brokerId, rttMs)), $"set broker {brokerId} rtt");
    }

    /// <summary>
    /// Queues errors for the next requests of type <paramref name="api"/> on any broker: the next
    /// request gets errors[0], the one after errors[1], and so on; then requests succeed again.
    /// </summary>
    public unsafe void PushRequestErrors(KafkaApi api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            fixed (ErrorCode* p = errors)
            {
                rd_kafka_mock_push_request_errors_array(LiveCluster(), (short)api, (nuint)errors.Length, p);
            }
        }
    }

    /// <summary>Drops the errors still queued for <paramref name="api"/>.</summary>
    public void ClearRequestErrors(KafkaApi api) =>
        Native(cluster => rd_kafka_mock_clear_request_errors(cluster, (short)api));

    /// <summary>
    /// Makes every request about <paramref name="topic"/> fail with <paramref name="error"/> until set
    /// back to <see cref="ErrorCode.NoError"/>.
    /// </summary>
    public void SetTopicError(string topic, ErrorCode error)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Native(cluster => rd_kafka_mock_topic_set_error(cluster, topic, error));
    }

    /// <summary>Moves a partition's leadership to <paramref name="brokerId"/> (creates the topic if unknown).</summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="partition">Partition id.</param>
    /// <param name="brokerId">
    /// An existing broker id. -1 (leaderless) is refused with <see cref="NotSupportedException"/>: librdkafka
    /// 2.16's mock broker then answers the next Produce or Fetch for that partition with NOT_LEADER and
    /// dereferences the missing leader while writing the KIP-951 CurrentLeader tag, a SIGSEGV that kills the
    /// whole process (measured for both Produce and Fetch). To make a partition unreachable instead, move its
    /// leader to a broker and take that broker down (<see cref="SetBrokerDown"/>), or inject errors with
    /// <see cref="PushRequestErrors"/> / <see cref="SetTopicError"/>.
    /// </param>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        if (brokerId < 0)
        {
            throw new NotSupportedException(
                "A leaderless partition crashes librdkafka 2.16's mock broker (NULL leader dereference on the next " +
                "Produce/Fetch, SIGSEGV). Move the leader to a broker and SetBrokerDown it instead.");
        }

        Check(Native(cluster => rd_kafka_mock_partition_set_leader(cluster, topic, partition, brokerId)),
            $"set leader of {topic}[{partition}] to {brokerId}");
    }

    /// <summary>Sets the group coordinator's initial rebalance delay for groups created from now on.</summary>
    public void SetGroupInitialRebalanceDelay(int delayMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        Native(cluster => rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, delayMs));
    }

    /// <summary>Stops the brokers and frees the native cluster, then its host handle. Idempotent.</summary>
    public void Dispose()
    {
        // Under the lock, so no native call is running on the cluster while it is freed.
        lock (_gate)
        {
            // Order matters: the cluster uses the handle for its bookkeeping.
            if (_mcluster != IntPtr.Zero)
            {
                rd_kafka_mock_cluster_destroy(_mcluster);
                _mcluster = IntPtr.Zero;
            }

            if (_rk != IntPtr.Zero)
            {
                rd_kafka_destroy(_rk);
                _rk = IntPtr.Zero;
            }
        }
    }

    public override string ToString() => $"EmbeddedKafkaCluster({BootstrapServers}, brokers={BrokerCount})";

    /// <summary>
    /// Runs a native call on the cluster under the lock Dispose takes: handing the pointer out and calling after the lock
    /// let a concurrent Dispose free the cluster in between (a use after free in native code).
    /// </summary>
    private T Native<T>(Func<IntPtr, T> call)
    {
        lock (_gate)
        {
            return call(LiveCluster());
        }
    }

    private void Native(Action<IntPtr> call)
    {
        lock (_gate)
        {
            call(LiveCluster());
        }
    }

    /// <summary>The cluster pointer; only under <see cref="_gate"/>.</summary>
    private IntPtr LiveCluster()
    {
        ObjectDisposedException.ThrowIf(_mcluster == IntPtr.Zero, this);
        return _mcluster;
    }

    private static void Check(ErrorCode error, string what)
    {
        if (error != ErrorCode.NoError)
        {
            throw new KafkaException(new Error(error, $"Embedded Kafka: {what} failed: {ErrorString(error)}"));
        }
    }

    private static unsafe IntPtr CreateHostHandle()
    {
        var errstr = stackalloc byte[ErrStrSize];
        var conf = rd_kafka_conf_new();
        if (conf == IntPtr.Zero)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "rd_kafka_conf_new failed"));
        }

        // log_level 4 (warning): the handle has no bootstrap.servers on purpose, and the notice-level
        // CONFWARN librdkafka prints about that on every Start is noise. Warnings and errors of the
        // mock brokers (which log through this handle) still reach stderr.
        foreach (var (name, value) in new[] { ("client.id", "orders-embedded-kafka"), ("log_level", "4") })
        {
            if (rd_kafka_conf_set(conf, name, value, errstr, ErrStrSize) != ConfOk)
            {
                var message = Marshal.PtrToStringUTF8((IntPtr)errstr);
                rd_kafka_conf_destroy(conf);
                throw new KafkaException(new Error(ErrorCode.Local_Fail, $"rd_kafka_conf_set({name}) failed: {message}"));
            }
        }

        // A producer handle that never produces: the mock cluster only needs it for bookkeeping.
        var rk = rd_kafka_new(RdKafkaProducer, conf, errstr, ErrStrSize);
        if (rk == IntPtr.Zero)
        {
            var message = Marshal.PtrToStringUTF8((IntPtr)errstr);
            rd_kafka_conf_destroy(conf); // not taken over on failure
            throw new KafkaException(new Error(ErrorCode.Local_Fail, $"rd_kafka_new failed: {message}"));
        }

        return rk;
    }
}
