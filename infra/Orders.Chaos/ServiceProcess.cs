using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Orders.Chaos;

/// <summary>
/// One service as a real process (its Release build), so it can be stopped gracefully (SIGTERM, as Kubernetes does)
/// or killed outright (SIGKILL: no drain, no goodbye to the consumer group, in-flight work interrupted).
/// </summary>
public sealed class ServiceProcess(string name, string dll, int port, IReadOnlyDictionary<string, string> environment, string logFile) : IAsyncDisposable
{
    private Process? _process;

    public string Name => name;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");

    /// <summary>
    /// Starts the process and waits until it is ready. Like a supervisor (Kubernetes' restart policy), it starts it
    /// again when it dies while starting: a fault at that moment (its database connection killed during the schema
    /// check, say) makes the start fail, and the right answer to that is another start, not a suite left without it.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(cancellation);
                return;
            }
            catch (ServiceExitedException e) when (attempt < 5)
            {
                Console.WriteLine($"chaos: {e.Message}; starting it again (attempt {attempt + 1})");
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellation);
            }
        }
    }

    private async Task StartOnceAsync(CancellationToken cancellation)
    {
        // From its output folder, as in its container: the service reads its appsettings.json (log levels) from where it runs.
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll),
        };
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: could not start dotnet {dll}");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(cancellation);
    }

    private async Task WaitReadyAsync(CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new ServiceExitedException($"{name} exited with code {_process.ExitCode} while starting; see {logFile}");
            try
            {
                if ((await http.GetAsync("/health/ready", cancellation)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested) { } // answered too slowly: ask again
            await Task.Delay(250, cancellation);
        }
        throw new TimeoutException($"{name} was not ready within 90 s; see {logFile}");
    }

    private string? _earlierDeath;

    /// <summary>
    /// Why the process is not running when it should be (it exited by itself: a crash), or null while it runs. Also a
    /// death that a fault found when it came to stop or kill the process, which that fault's restart would otherwise hide.
    /// </summary>
    public string? Death => _earlierDeath ?? (_process is { HasExited: true } p ? DeathOf(p) : null);

    private string DeathOf(Process process) => $"{name} exited by itself with code {process.ExitCode}; last log lines: {string.Join(" | ", LastLines(5))}";

    /// <summary>Whether there is a running process to stop; one found dead already (not by this runner) is remembered as a death.</summary>
    [MemberNotNullWhen(true, nameof(_process))]
    private bool Running()
    {
        if (_process is { HasExited: true } dead) _earlierDeath ??= DeathOf(dead);
        return _process is { HasExited: false };
    }

    /// <summary>SIGTERM, then wait for the host to drain and exit (SIGKILL after 30 s).</summary>
    public async Task StopAsync()
    {
        if (!Running()) return;
        Signal("TERM");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
    }

    /// <summary>SIGKILL: the process dies mid-whatever it was doing.</summary>
    public async Task KillAsync()
    {
        if (!Running()) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// The log's last warnings and errors, each as the console logger's header line and the first line of its message
    /// (every start of the process appends to the same file; start-up chatter is left out).
    /// </summary>
    public IReadOnlyList<string> LastProblems(int count) => Tail(count, (line, reader) =>
        line.StartsWith("warn:") || line.StartsWith("fail:") || line.StartsWith("crit:") ? $"{line} {reader.ReadLine()?.Trim()}" : null);

    private IReadOnlyList<string> LastLines(int count) => Tail(count, (line, _) => string.IsNullOrWhiteSpace(line) ? null : line.Trim());

    /// <summary>The last <paramref name="count"/> entries of the log, each what <paramref name="entry"/> makes of a line (null: skipped).</summary>
    private IReadOnlyList<string> Tail(int count, Func<string, StreamReader, string?> entry)
    {
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var last = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            if (entry(line, reader) is not { } kept) continue;
            last.Enqueue(kept);
            if (last.Count > count) last.Dequeue();
        }
        return last.ToList();
    }

    private void Signal(string signal) => Process.Start("kill", ["-" + signal, _process!.Id.ToString()])!.WaitForExit();

    public async ValueTask DisposeAsync() => await StopAsync();
}

public sealed class ServiceExitedException(string message) : Exception(message);
