using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BankOrleans.Topology;

namespace BankOrleans.Client.Connection;

/// <summary>One Orleans gateway the client may connect to, as given by <c>--gateway host:port</c>.</summary>
/// <param name="Host">An IPv4 address or a host name (resolved when connecting).</param>
/// <param name="Port">The silo's gateway port.</param>
public sealed record GatewayAddress(string Host, int Port)
{
    /// <summary>
    /// The gateways of the local cluster that <c>./bank up</c> starts (every silo of
    /// <see cref="BankTopology"/>), or those listed in BANK_GATEWAYS.
    /// </summary>
    public static IReadOnlyList<string> LocalClusterDefaults { get; } =
        Environment.GetEnvironmentVariable("BANK_GATEWAYS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : BankTopology.Local.LocalGateways();

    /// <summary>Parses <c>host:port</c>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out GatewayAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        address = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"gateway '{text}' must have the form host:port, e.g. 127.0.0.1:30001";
            return false;
        }

        var host = text[..colon];
        if (host.Contains(':', StringComparison.Ordinal) || host.Any(char.IsWhiteSpace))
        {
            error = $"gateway '{text}' has an invalid host '{host}'";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            error = $"gateway '{text}' has an invalid port (expected 1-65535)";
            return false;
        }

        address = new GatewayAddress(host, port);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port}";
}
