using ScottPlot;
using SkiaSharp;

namespace Orders.Bench.Results;

/// <summary>Completed orders/s and p99 latency per second over the measured phases, and consumer lag under them.</summary>
public static class Chart
{
    private const int Width = 1200, Height = 450;

    public static void Write(IReadOnlyList<PhaseResult> phases, string path)
    {
        var points = phases.SelectMany(p => p.Timeline).ToList();
        var xs = points.Select(p => p.Second).ToArray();

        var throughput = new Plot();
        throughput.Title("Orders suite: completed orders/s and lifecycle p99 per second");
        throughput.XLabel("seconds since bench start");
        var completed = throughput.Add.Scatter(xs, points.Select(p => (double)p.Completed).ToArray());
        completed.LegendText = "completed orders/s (left)";
        var latency = throughput.Add.Scatter(xs, points.Select(p => p.P99Ms ?? double.NaN).ToArray());
        latency.LegendText = "p99 latency ms (right)";
        latency.Axes.YAxis = throughput.Axes.Right;
        throughput.Axes.Left.Label.Text = "orders/s";
        throughput.Axes.Right.Label.Text = "ms";
        foreach (var phase in phases.Skip(1)) throughput.Add.VerticalLine(phase.Timeline.FirstOrDefault()?.Second ?? 0);
        throughput.ShowLegend(Alignment.UpperLeft);

        var lag = new Plot();
        lag.Title("Consumer lag (records not yet committed) per group");
        lag.XLabel("seconds since bench start");
        foreach (var group in points.SelectMany(p => p.Lag.Keys).Distinct())
            lag.Add.Scatter(xs, points.Select(p => p.Lag.TryGetValue(group, out var v) ? v : double.NaN).ToArray()).LegendText = group;
        lag.ShowLegend(Alignment.UpperLeft);

        // Stacked into one PNG: throughput and latency above, lag below, on the same time axis.
        using var surface = SKSurface.Create(new SKImageInfo(Width, 2 * Height));
        surface.Canvas.Clear(SKColors.White);
        foreach (var (plot, row) in new[] { (throughput, 0), (lag, 1) })
        {
            plot.Axes.SetLimitsX(xs.DefaultIfEmpty().Min(), xs.DefaultIfEmpty().Max());
            using var bitmap = SKBitmap.Decode(plot.GetImageBytes(Width, Height, ImageFormat.Png));
            surface.Canvas.DrawBitmap(bitmap, 0, row * Height);
        }
        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
