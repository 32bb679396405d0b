using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// The bench's one reading of a gateway given as <c>ip:port</c> (<c>--gateway</c>, BANK_GATEWAYS):
/// the option check, the connection and the leader's gateway lookup all use it, so an entry
/// accepted on the command line is the one connected to and matched.
/// </summary>
public static class GatewayEndpoint
{
    /// <summary>Parses <c>ip:port</c>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !IPAddress.TryParse(text[..colon], out var address))
        {
            error = $"gateway '{text}' must be an IP address and a port, e.g. 127.0.0.1:30001";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"gateway '{text}' has an invalid port (expected 1-65535)";
            return false;
        }

        endpoint = new IPEndPoint(Plain(address), port);
        error = null;
        return true;
    }

    /// <summary>Parses <c>ip:port</c>, throwing <see cref="ArgumentException"/> with the reason when it is not one.</summary>
    public static IPEndPoint Parse(string text) =>
        TryParse(text, out var endpoint, out var error) ? endpoint : throw new ArgumentException(error, nameof(text));

    /// <summary>
    /// <paramref name="address"/> as the bench compares it: an IPv4 address mapped into IPv6
    /// (<c>::ffff:127.0.0.1</c>, as a silo may advertise itself) becomes the IPv4 address
    /// itself, which <see cref="IPAddress.Equals(object)"/> would otherwise tell apart.
    /// </summary>
    public static IPAddress Plain(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
