namespace Ordering.Api.Orders.Writing;

/// <summary>
/// Section <c>Ordering</c>: how many writers decide the HTTP commands (each order always goes to the same one, so its
/// commands apply in the order they came), and the most commands one of them applies in a transaction
/// (<see cref="OrderCommandWriter"/>).
/// </summary>
public sealed class WriteSettings
{
    public const string Section = "Ordering";
    public int CommandWriters { get; set; } = 4;
    public int CommandBatchSize { get; set; } = 100;

    public static WriteSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<WriteSettings>() ?? new WriteSettings();
        if (settings.CommandWriters is < 1 or > 64)
            throw new InvalidOperationException($"{Section}:CommandWriters must be between 1 and 64 (each holds a database connection while it writes); it is {settings.CommandWriters}.");
        if (settings.CommandBatchSize < 1)
            throw new InvalidOperationException($"{Section}:CommandBatchSize must be at least 1; it is {settings.CommandBatchSize}.");
        return settings;
    }
}
