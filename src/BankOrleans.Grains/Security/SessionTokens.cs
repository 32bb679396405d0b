using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>
/// Issues and checks session tokens: <c>s1:&lt;user&gt;:&lt;epoch&gt;:&lt;expiry unix s&gt;:&lt;mac&gt;</c>, where the MAC
/// is HMAC-SHA256 with the cluster key over the other fields. Any silo with the key can check a
/// token without asking another silo; whether the epoch is still current is
/// <see cref="ISessionValidator"/>'s job.
/// </summary>
public sealed class SessionTokens
{
    private const string Version = "s1";
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;

    /// <summary>Creates the codec from validated options.</summary>
    public SessionTokens(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = DecodeKey(options.Value) ?? throw new InvalidOperationException("no session key is configured");
        _lifetime = options.Value.SessionLifetime;
    }

    /// <summary>The session key from <paramref name="options"/>, or null if none is configured.</summary>
    /// <exception cref="FormatException">The key is not base64.</exception>
    /// <exception cref="IOException">The key file cannot be read.</exception>
    public static byte[]? DecodeKey(SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = SecretSource.Read(options.SessionKey, options.SessionKeyFile);
        return text is null ? null : Convert.FromBase64String(text);
    }

    /// <summary>A token for <paramref name="user"/> at <paramref name="epoch"/>, valid for the configured lifetime from <paramref name="now"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string user, long epoch, DateTimeOffset now)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + _lifetime).ToUnixTimeSeconds());
        var body = Body(user, epoch, expires.ToUnixTimeSeconds());
        return ($"{body}:{Convert.ToBase64String(Mac(body)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}", expires);
    }

    /// <summary>
    /// The claims of <paramref name="token"/> if it is well-formed, its MAC is right (compared in
    /// constant time) and it has not expired at <paramref name="now"/>; otherwise null.
    /// </summary>
    public SessionClaims? Read(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return null;
        }

        var parts = token.Split(':');
        if (parts.Length != 5 || parts[0] != Version
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || !TryDecode(parts[4], out var mac))
        {
            return null;
        }

        var expected = Mac(Body(parts[1], epoch, expiry));
        if (!CryptographicOperations.FixedTimeEquals(expected, mac) || expiry > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return now >= expires ? null : new SessionClaims(parts[1], epoch, expires);
    }

    private static string Body(string user, long epoch, long expiry) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version}:{user}:{epoch}:{expiry}");

    private byte[] Mac(string body) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("bank-session\n" + body));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
            return bytes.Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
