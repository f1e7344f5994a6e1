namespace Ordering.Api.Orders.Viewing;

/// <summary>Section <c>Ordering</c>: how long a read asked for <c>minVersion</c> may wait for the projection to catch up.</summary>
public sealed class ReadSettings
{
    public const string Section = "Ordering";
    public TimeSpan ReadYourWritesTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
