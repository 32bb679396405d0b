using System.Buffers.Binary;
using System.IO.Hashing;
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
    /// The hash of what a digest compares (key, version, balance, head, frozen): XxHash3 of those
    /// fields, stable across processes and builds, which <see cref="string.GetHashCode()"/> is not.
    /// Every commit hashes each account it writes twice (its state before and after), so this
    /// is not a cryptographic hash: the head it covers already is one.
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
        // version, balance, frozen, then each text as its length and its UTF-16 code units: no two
        // different (account, head) pairs give the same bytes.
        var size = (2 * sizeof(long)) + 1 + HashInput.SizeOf(account) + HashInput.SizeOf(head);
        var bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, version);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], balanceCents);
        bytes[16] = frozen ? (byte)1 : (byte)0;
        var rest = HashInput.WriteText(bytes[17..], account);
        HashInput.WriteText(rest, head);
        return XxHash3.HashToUInt64(bytes);
    }
}
