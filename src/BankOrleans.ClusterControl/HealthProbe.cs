using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BankOrleans.ClusterControl;

/// <summary>The HTTP status of a silo's health endpoint: one plain HTTP/1.0 GET on 127.0.0.1, answered within two seconds.</summary>
internal static class HealthProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    /// <summary>The status code of <c>GET http://127.0.0.1:PORT/PATH</c>, or "" when nothing answers.</summary>
    public static async Task<string> StatusAsync(int port, string path, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Patience);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), limit.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"), limit.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var line = new StringBuilder();
            while (!line.ToString().Contains('\n', StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, limit.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                line.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return ParseStatusLine(line.ToString());
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "";
        }
    }

    /// <summary>The second word of the response's first line (<c>HTTP/1.1 200 OK</c> gives 200), or "".</summary>
    public static string ParseStatusLine(string response)
    {
        var first = response.Split('\n')[0];
        var words = first.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 ? words[1] : "";
    }

    /// <summary>What <c>status</c> shows for a readiness answer.</summary>
    public static string Describe(string status) => status switch
    {
        "200" => "ready",
        "503" => "not-ready",
        _ => "(no answer)",
    };

    /// <summary>The readiness of the silo whose health port is <paramref name="port"/>, as <c>status</c> shows it.</summary>
    public static async Task<string> ReadinessAsync(int port, CancellationToken cancellationToken = default) =>
        Describe(await StatusAsync(port, "/health/ready", cancellationToken).ConfigureAwait(false));
}
