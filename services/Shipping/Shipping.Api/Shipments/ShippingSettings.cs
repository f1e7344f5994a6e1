namespace Shipping.Api.Shipments;

/// <summary>
/// Section <c>Shipping</c>. <see cref="DispatchDelay"/> is the warehouse's picking time, during which a shipment can
/// still be cancelled. <see cref="UnavailableSkus"/> lists what the warehouse cannot pick: a shipment holding one of
/// them fails, and the order is cancelled and refunded (the compensation path of the saga).
/// </summary>
public sealed class ShippingSettings
{
    public const string Section = "Shipping";
    public TimeSpan DispatchDelay { get; set; } = TimeSpan.FromSeconds(2);
    public string[] UnavailableSkus { get; set; } = [];
}
