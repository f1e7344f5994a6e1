using Microsoft.Extensions.Configuration;
using Orders.Kafka.Embedded;
using Orders.ServiceDefaults.Kafka;

namespace Orders.Bench.Baseline;

/// <summary>
/// The broker the raw stages use, with each topic's fetch wait as the services get it on the embedded broker
/// (<c>infra/embedded-kafka.env</c>, or the environment where it sets one). On librdkafka's 500 ms default the embedded
/// broker holds every fetch that finds nothing new, so the baseline's four consumer hops measured how those waits
/// happened to line up, not this machine: 993-1,000 orders/s in most runs, 1,426 in one, on the same code
/// (docs/performance.md, steps 12 and 13).
/// </summary>
public sealed record RawKafka(string Bootstrap, KafkaSettings Settings)
{
    public int? FetchWaitMaxMsFor(string topic) => Settings.FetchWaitMaxMsFor(topic);

    /// <summary>The services' Kafka settings on the embedded broker, read as a service reads them (the environment wins).</summary>
    public static RawKafka AsTheServicesGetIt(string bootstrap, string repositoryRoot)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(EmbeddedKafkaProfile.ServiceSettings(repositoryRoot).Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)s.Value)))
            .AddEnvironmentVariables()
            .Build();
        return new RawKafka(bootstrap, configuration.GetSection(KafkaSettings.Section).Get<KafkaSettings>() ?? new KafkaSettings());
    }
}
