namespace Orders.Chaos;

/// <summary>
/// A client that behaves as a well-written caller of the suite must: it retries on connection failures, timeouts and
/// 5xx (a service restarting, a database away) with backoff, for up to two minutes. Retrying is safe because every
/// command is idempotent: creates carry an Idempotency-Key, place and cancel are state transitions.
/// </summary>
public sealed class ResilientHttp(Uri baseAddress)
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await _http.SendAsync(request(), cancellation);
                if ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline) return response;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // not listening (restarting) or too slow to answer: try again
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), cancellation);
        }
    }

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellation) => SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellation);
}
