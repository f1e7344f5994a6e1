using System.Runtime.CompilerServices;
using Orders.Kafka.Native;

namespace Orders.ServiceDefaults;

internal static class NativeLibraryInitializer
{
    /// <summary>
    /// Every service references this assembly and touches it before building any Kafka client, so the
    /// librdkafka fallback (docs/architecture.md §7) is in place before Confluent.Kafka's first native call.
    /// </summary>
#pragma warning disable CA2255 // a library module initializer is exactly what is wanted: it must run before any Kafka client exists
    [ModuleInitializer]
    internal static void InstallLibrdkafkaFallback() => ConfluentNativeLibrary.EnsureInstalled();
#pragma warning restore CA2255
}
