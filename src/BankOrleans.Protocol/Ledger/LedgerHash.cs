using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Ledger;

/// <summary>
/// The per-account hash chain. The hash covers every field of a row that a replica derives
/// deterministically, and not the ballot: the same operation completed under a later ballot
/// keeps its hash, so equal heads mean equal histories.
/// </summary>
public static class LedgerHash
{
    /// <summary>Computes the hash of <paramref name="entry"/> (its own Hash field is ignored).</summary>
    public static string Compute(LedgerEntry entry)
    {
        var canonical = string.Join('|',
            entry.PrevHash,
            entry.TxId,
            entry.Account,
            entry.Version.ToString(CultureInfo.InvariantCulture),
            ((int)entry.Kind).ToString(CultureInfo.InvariantCulture),
            entry.Counterparty ?? "",
            entry.CounterpartyVersion.ToString(CultureInfo.InvariantCulture),
            entry.AmountCents.ToString(CultureInfo.InvariantCulture),
            entry.BalanceAfterCents.ToString(CultureInfo.InvariantCulture),
            entry.Owner,
            entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        if (entry.Payload is not null)
        {
            // Only rows that carry a payload hash it, so every row written before payloads existed keeps its hash.
            canonical += "|payload:" + entry.Payload;
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), digest);
        // 16 bytes keep collisions out of reach and rows short.
        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>Returns <paramref name="entry"/> with its hash filled in.</summary>
    public static LedgerEntry Seal(LedgerEntry entry) => entry with { Hash = Compute(entry) };

    /// <summary>Whether <paramref name="entries"/> chain onto <paramref name="baseHead"/> at <paramref name="baseVersion"/> with valid hashes.</summary>
    public static bool IsValidChain(long baseVersion, string baseHead, IReadOnlyList<LedgerEntry> entries)
    {
        var version = baseVersion;
        var head = baseHead;
        foreach (var e in entries)
        {
            if (e.Version != version + 1 || e.PrevHash != head || e.Hash != Compute(e))
            {
                return false;
            }

            version = e.Version;
            head = e.Hash;
        }

        return true;
    }
}
