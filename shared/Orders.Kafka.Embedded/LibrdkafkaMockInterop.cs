using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Orders.Kafka.Native;

namespace Orders.Kafka.Embedded;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka's C API that the embedded cluster needs:
/// a bare rd_kafka_t handle and the mock-cluster API from rdkafka_mock.h (librdkafka.redist 2.16.0,
/// names checked with <c>nm -D</c> on the shipped .so files).
/// </summary>
/// <remarks>
/// "librdkafka" is resolved by a resolver on this assembly to the very handle
/// <see cref="ConfluentNativeLibrary.LoadLibrdkafka"/> returns, i.e. the same library instance that
/// Confluent.Kafka uses (the generic build cannot be loaded on Debian 12, see that class).
/// Only non-variadic functions are bound: calling C varargs through P/Invoke is not portable, so
/// rd_kafka_mock_push_request_errors is reached through its _array variant.
/// </remarks>
internal static unsafe partial class LibrdkafkaMockInterop
{
    private const string Lib = ConfluentNativeLibrary.LibraryName;

    internal const int RdKafkaProducer = 0; // rd_kafka_type_t.RD_KAFKA_PRODUCER
    internal const int ConfOk = 0;          // rd_kafka_conf_res_t.RD_KAFKA_CONF_OK
    internal const int ErrStrSize = 512;

    private static readonly Lock Gate = new();
    private static bool _resolverInstalled;

    /// <summary>Installs the resolver on this assembly (once per process). Call before any P/Invoke below.</summary>
    internal static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_resolverInstalled)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaMockInterop).Assembly, Resolve);
            _resolverInstalled = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Lib ? ConfluentNativeLibrary.LoadLibrdkafka() : IntPtr.Zero;

    internal static string ErrorString(ErrorCode error) =>
        Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? error.ToString();

    // ---- rdkafka.h ----

    [LibraryImport(Lib)]
    internal static partial IntPtr rd_kafka_err2str(ErrorCode err);

    [LibraryImport(Lib)]
    internal static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_conf_destroy(IntPtr conf);

    /// <remarks>Takes ownership of <paramref name="conf"/> on success only.</remarks>
    [LibraryImport(Lib)]
    internal static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_destroy(IntPtr rk);

    // ---- rdkafka_mock.h ----

    [LibraryImport(Lib)]
    internal static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCnt);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    /// <returns>const char*, owned by the cluster.</returns>
    [LibraryImport(Lib)]
    internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ErrorCode rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCnt, int replicationFactor);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void rd_kafka_mock_topic_set_error(IntPtr mcluster, string topic, ErrorCode err);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint cnt, ErrorCode* errors);

    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);

    [LibraryImport(Lib)]
    internal static partial ErrorCode rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Lib)]
    internal static partial ErrorCode rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(Lib)]
    internal static partial ErrorCode rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ErrorCode rd_kafka_mock_partition_set_leader(IntPtr mcluster, string topic, int partition, int brokerId);
}
