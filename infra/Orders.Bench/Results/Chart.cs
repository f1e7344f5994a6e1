using ScottPlot;
using SkiaSharp;

namespace Orders.Bench.Results;

/// <summary>Completed orders/s and p99 latency per second over the measured phases, and consumer lag under them.</summary>
public static class Chart
{
    private const int Width = 1200, Height = 450;

    public static void Write(IReadOnlyList<PhaseResult> phases, string path)
    {
        var all = phases.SelectMany(p => p.Timeline).Select(p => p.Second).DefaultIfEmpty().ToList();
        var groups = phases.SelectMany(p => p.Timeline).SelectMany(p => p.Lag.Keys).Distinct().ToList();

        var throughput = new Plot();
        throughput.Title("Orders suite: completed orders/s and lifecycle p99 per second (one segment per phase)");
        throughput.XLabel("seconds since bench start");
        throughput.Axes.Left.Label.Text = "completed orders/s";
        throughput.Axes.Right.Label.Text = "p99 latency ms";
        var lag = new Plot();
        lag.Title("Consumer lag (records not yet committed) per group");
        lag.XLabel("seconds since bench start");

        // One series per phase, so the time between phases (a fresh suite starting) is a gap, not a line.
        foreach (var (phase, index) in phases.Select((p, i) => (p, i)))
        {
            var xs = phase.Timeline.Select(p => p.Second).ToArray();
            if (xs.Length == 0) continue;
            var completed = throughput.Add.Scatter(xs, phase.Timeline.Select(p => (double)p.Completed).ToArray(), Colors.Blue);
            var withLatency = phase.Timeline.Where(p => p.P99Ms is not null).ToList();
            if (withLatency.Count > 0)
            {
                var latency = throughput.Add.Scatter(withLatency.Select(p => p.Second).ToArray(), withLatency.Select(p => p.P99Ms!.Value).ToArray(), Colors.OrangeRed);
                latency.Axes.YAxis = throughput.Axes.Right;
                if (index == 0) latency.LegendText = "p99 latency ms (right)";
            }
            if (index == 0) completed.LegendText = "completed orders/s (left)";
            throughput.Add.Text(phase.Name, xs[0], 0);
            foreach (var (group, g) in groups.Select((g, i) => (g, i)))
            {
                var sampled = phase.Timeline.Where(p => p.Lag.ContainsKey(group)).ToList(); // a second without a lag sample is no data, not zero
                if (sampled.Count == 0) continue;
                var series = lag.Add.Scatter(sampled.Select(p => p.Second).ToArray(), sampled.Select(p => (double)p.Lag[group]).ToArray(), lag.Add.Palette.GetColor(g));
                if (index == 0) series.LegendText = group;
            }
        }
        throughput.ShowLegend(Alignment.UpperLeft);
        lag.ShowLegend(Alignment.UpperLeft);

        // Stacked into one PNG: throughput and latency above, lag below, on the same time axis.
        using var surface = SKSurface.Create(new SKImageInfo(Width, 2 * Height));
        surface.Canvas.Clear(SKColors.White);
        foreach (var (plot, row) in new[] { (throughput, 0), (lag, 1) })
        {
            plot.Axes.SetLimitsX(all.Min(), all.Max());
            using var bitmap = SKBitmap.Decode(plot.GetImageBytes(Width, Height, ImageFormat.Png));
            surface.Canvas.DrawBitmap(bitmap, 0, row * Height);
        }
        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
