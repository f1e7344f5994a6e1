using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orders.IntegrationTests.Privacy;

/// <summary>
/// Every span (name, tags, events) and every metric measurement's tags of every source in the process while listening —
/// what a trace or metrics exporter would ship — kept as text for searching.
/// </summary>
public sealed class CapturedTelemetry : IDisposable
{
    private readonly ConcurrentQueue<string> _items = new();
    private readonly ActivityListener _spans;
    private readonly MeterListener _metrics = new();

    public CapturedTelemetry()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _items.Enqueue(
                $"span {activity.Source.Name}/{activity.DisplayName} {string.Join(';', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))} " +
                string.Join(';', activity.Events.Select(e => e.Name + ":" + string.Join(',', e.Tags.Select(t => $"{t.Key}={t.Value}")))) +
                string.Join(';', activity.Baggage.Select(b => $"{b.Key}={b.Value}"))),
        };
        ActivitySource.AddActivityListener(_spans);
        _metrics.InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument);
        _metrics.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        _metrics.SetMeasurementEventCallback<int>((i, _, tags, _) => Record(i, tags));
        _metrics.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        _metrics.Start();
    }

    public int Spans => _items.Count(i => i.StartsWith("span "));
    public string All => string.Join('\n', _items);

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return;
        var text = new List<string>(tags.Length);
        foreach (var tag in tags) text.Add($"{tag.Key}={tag.Value}");
        _items.Enqueue($"metric {instrument.Meter.Name}/{instrument.Name} {string.Join(';', text)}");
    }

    public void Dispose()
    {
        _spans.Dispose();
        _metrics.Dispose();
    }
}
