using System.Security.Cryptography;
using System.Text;

namespace BankOrleans.Contracts.Security;

/// <summary>
/// What makes a grain call a silo's call: a credential that only holders of the cluster's session
/// key can compute, carried in the call's request context under <see cref="ContextKey"/>. Silos
/// attach it to every call they make (<see cref="SiloCallStamp"/>); the silo's trust boundary
/// refuses a call to an internal grain without it. The Orleans gateway stamps nothing a client
/// could not forge (it keeps the message's source grain as the client sent it), so the trust
/// decision rests on this secret, and TLS keeps it off the wire.
/// </summary>
public sealed class SiloCallCredential
{
    /// <summary>The request-context key the credential travels under.</summary>
    public const string ContextKey = "bank.silo";

    // Derived, not the session key itself: a leaked credential must not let anyone sign sessions.
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("bank/silo-call/v1");

    private readonly byte[] _expected;

    private SiloCallCredential(string value)
    {
        Value = value;
        _expected = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The credential as it travels (base64 of an HMAC-SHA256 under the session key).</summary>
    public string Value { get; }

    /// <summary>The credential of the cluster whose session key is <paramref name="sessionKey"/>.</summary>
    public static SiloCallCredential FromSessionKey(byte[] sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        return new SiloCallCredential(Convert.ToBase64String(HMACSHA256.HashData(sessionKey, Label)));
    }

    /// <summary>Whether <paramref name="presented"/> is this credential, compared in constant time.</summary>
    public bool Matches(object? presented)
    {
        if (ReferenceEquals(presented, Value))
        {
            return true;
        }

        return presented is string { Length: > 0 and <= 64 } text
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(text), _expected);
    }
}
