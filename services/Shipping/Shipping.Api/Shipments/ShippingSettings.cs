namespace Shipping.Api.Shipments;

/// <summary>Section <c>Shipping</c>. <see cref="DispatchDelay"/> is the warehouse's picking time, during which a shipment can still be cancelled.</summary>
public sealed class ShippingSettings
{
    public const string Section = "Shipping";
    public TimeSpan DispatchDelay { get; set; } = TimeSpan.FromSeconds(2);
}
