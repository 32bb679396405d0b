using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>
/// Password records: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c> (base64), salted with 16 random bytes,
/// PBKDF2-HMAC-SHA256 with the configured iterations, verified in constant time. The record keeps
/// its own iteration count, so raising the cost later does not lock anybody out.
/// </summary>
public sealed class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly int _iterations;
    private readonly string _decoy;

    /// <summary>Creates the hasher with the configured cost.</summary>
    public PasswordHasher(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _iterations = options.Value.PasswordIterations;
        // Checked against when the user does not exist, so that both answers take as long. Random
        // bytes stand in for the hash: checking against them derives once, like a real record, and
        // can never match; no password is hashed to make it.
        _decoy = Record(_iterations, RandomNumberGenerator.GetBytes(SaltBytes), RandomNumberGenerator.GetBytes(HashBytes));
    }

    /// <summary>A new record for <paramref name="password"/>.</summary>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return Record(_iterations, salt, Derive(password, salt, _iterations));
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="record"/>; a null record costs the same and answers false.</summary>
    public bool Verify(string password, string? record)
    {
        ArgumentNullException.ThrowIfNull(password);
        var matches = TryParse(record ?? _decoy, out var iterations, out var salt, out var expected);
        if (!matches)
        {
            TryParse(_decoy, out iterations, out salt, out expected);
        }

        var actual = Derive(password, salt, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && matches && record is not null;
    }

    private static string Record(int iterations, byte[] salt, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryParse(string record, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = record.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
            return hash.Length == HashBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
