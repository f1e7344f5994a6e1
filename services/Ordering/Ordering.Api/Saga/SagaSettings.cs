namespace Ordering.Api.Saga;

/// <summary>
/// Section <c>Ordering</c>: how long a placed order waits for Payment's answer before the saga gives up, cancels the
/// order and asks for a refund of any capture still in flight (a late answer after that changes nothing), and how often
/// the saga looks for such orders (<see cref="PaymentDeadlineSweeper"/>).
/// </summary>
public sealed class SagaSettings
{
    public const string Section = "Ordering";
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PaymentDeadlineCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    public static SagaSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<SagaSettings>() ?? new SagaSettings();
        if (settings.PaymentTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:PaymentTimeout must be a positive duration such as 00:00:30; it is {settings.PaymentTimeout}.");
        if (settings.PaymentDeadlineCheckInterval <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:PaymentDeadlineCheckInterval must be a positive duration such as 00:00:01; it is {settings.PaymentDeadlineCheckInterval}.");
        return settings;
    }
}
