using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// The fixed ranges the key space is summarised in: the keys that share their first
/// <see cref="PrefixLength"/> characters. Account numbers are uniform 10-digit numbers, so there
/// are at most 1,000 account ranges (about a thousand accounts each at a million); user objects
/// share the <c>use</c> range. A range's keys are contiguous in ordinal order, so an inventory
/// page from the range's name reads it.
/// </summary>
public static class DigestRanges
{
    /// <summary>How many leading characters name a key's range.</summary>
    public const int PrefixLength = 3;

    /// <summary>The range <paramref name="key"/> belongs to.</summary>
    public static string Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length <= PrefixLength ? key : key[..PrefixLength];
    }

    /// <summary>Whether <paramref name="key"/> belongs to <paramref name="range"/>.</summary>
    public static bool Holds(string range, string key) => string.Equals(Of(key), range, StringComparison.Ordinal);

    /// <summary>
    /// The hash of what a digest compares (key, version, balance, head, frozen), the first 8
    /// bytes of its SHA-256: stable across processes and builds, which <see cref="string.GetHashCode()"/> is not.
    /// </summary>
    public static ulong Hash(AccountState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Hash(state.Account, state.Version, state.BalanceCents, state.Head, state.Frozen);
    }

    /// <summary>The hash of a digest's compared fields (<see cref="Hash(AccountState)"/>).</summary>
    public static ulong Hash(ReplicaDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return Hash(digest.Account, digest.Version, digest.BalanceCents, digest.Head, digest.Frozen);
    }

    private static ulong Hash(string account, long version, long balanceCents, string head, bool frozen)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{account}\n{version}\n{balanceCents}\n{head}\n{(frozen ? 1 : 0)}"), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
