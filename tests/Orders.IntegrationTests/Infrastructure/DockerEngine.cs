using System.Net.Sockets;

namespace Orders.IntegrationTests.Infrastructure;

/// <summary>Whether a Docker engine answers on this machine, so fixtures may use Testcontainers.</summary>
public static class DockerEngine
{
    private static readonly Lazy<bool> Answers = new(Ping);

    public static bool IsAvailable => Answers.Value;

    private static bool Ping()
    {
        var socketPath = Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://")
            ? host["unix://".Length..]
            : "/var/run/docker.sock";
        if (!File.Exists(socketPath)) return false;
        try
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
            return client.GetAsync("http://docker/_ping").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false; // a socket nobody answers on: no engine
        }
    }
}
