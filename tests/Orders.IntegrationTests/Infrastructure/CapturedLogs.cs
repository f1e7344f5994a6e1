using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>Every log line (down to Debug) of every host, with exceptions, kept in memory for searching.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<Hook> _hooks = new();

    public IReadOnlyCollection<string> Lines => _lines;
    public string All => string.Join('\n', _lines);

    /// <summary>Adds this capture to a host's logging, every level of every category.</summary>
    public void AddTo(IServiceCollection services) => services.AddLogging(logging =>
    {
        logging.AddProvider(this);
        logging.AddFilter<CapturedLogs>(_ => true); // everything reaches the capture, whatever the default level
    });

    /// <summary>
    /// Runs <paramref name="then"/> once, on the logging thread, when the first line that <paramref name="matches"/> is
    /// written: the code that logs it waits meanwhile, which lets a test act at a chosen step of a running operation.
    /// The task completes when it has run (faulted if it threw).
    /// </summary>
    public Task When(Func<string, bool> matches, Action then)
    {
        var hook = new Hook(matches, then);
        _hooks.Enqueue(hook);
        return hook.Done.Task;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);
    public void Dispose() { }

    private void Write(string line)
    {
        _lines.Enqueue(line);
        foreach (var hook in _hooks) hook.RunIfFirst(line);
    }

    private sealed class Hook(Func<string, bool> matches, Action then)
    {
        private int _fired;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void RunIfFirst(string line)
        {
            if (Volatile.Read(ref _fired) == 1 || !matches(line) || Interlocked.Exchange(ref _fired, 1) == 1) return;
            try { then(); Done.TrySetResult(); }
            catch (Exception e) { Done.TrySetException(e); }
        }
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a sink that stores them (OTLP, Seq) would see them even if the message omits them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(';', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            logs.Write($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
