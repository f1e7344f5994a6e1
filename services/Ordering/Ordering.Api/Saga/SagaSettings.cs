namespace Ordering.Api.Saga;

/// <summary>
/// Section <c>Ordering</c>: how long a placed order waits for Payment's answer before the saga gives up, cancels the
/// order and asks for a refund of any capture still in flight. A late answer after that changes nothing.
/// </summary>
public sealed class SagaSettings
{
    public const string Section = "Ordering";
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public static SagaSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<SagaSettings>() ?? new SagaSettings();
        if (settings.PaymentTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:PaymentTimeout must be a positive duration such as 00:00:30; it is {settings.PaymentTimeout}.");
        return settings;
    }
}
