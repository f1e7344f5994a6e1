namespace Orders.IntegrationTests.Infrastructure;

/// <summary>Reads are eventually consistent: poll until the expected state shows up, or fail saying what was last seen.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        T last;
        while (true)
        {
            last = await read();
            if (done(last)) return last;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}; last seen: {Describe(last)}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Polls like <see cref="Until{T}"/> but returns what was last read when the time is up instead of throwing, for a
    /// caller whose own assertion then says what was expected and what was seen (an assertion after <c>Until</c> on the
    /// same condition could never fail).
    /// </summary>
    public static async Task<T> Settle<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var last = await read();
            if (done(last) || DateTime.UtcNow > deadline) return last;
            await Task.Delay(50);
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string text => text,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        _ => value.ToString() ?? "",
    };
}
