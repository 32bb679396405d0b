using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Storage.Log;

/// <summary>
/// The binary form of a <c>replica_log</c> row: a format byte, then each change as a tag and its
/// fields, then a checksum of everything before it. Written once per group commit and read back
/// only when the file is opened, so it is kept simple and versioned rather than general.
/// </summary>
/// <remarks>
/// The checksum (XxHash3, 8 bytes) catches bytes changed on disk that would still decode, such as
/// a lowered ballot, which no ledger hash covers. Rows of format 1, written before it, have none.
/// </remarks>
internal static class ChangeCodec
{
    private const byte Unchecked = 1;
    private const byte Format = 2;
    private const int ChecksumSize = sizeof(ulong);
    private const byte PutTag = 1;
    private const byte AppendTag = 2;
    private const byte TruncateTag = 3;

    /// <summary>Encodes <paramref name="changes"/>, in order.</summary>
    public static byte[] Encode(IReadOnlyList<ReplicaChange> changes)
    {
        using var buffer = new MemoryStream(64 + changes.Count * 256);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Format);
            w.Write(changes.Count);
            foreach (var change in changes)
            {
                switch (change)
                {
                    case ReplicaChange.Put(var s):
                        w.Write(PutTag);
                        w.Write(s.Account);
                        w.Write(s.Owner);
                        w.Write(s.BalanceCents);
                        w.Write(s.Version);
                        w.Write(s.Head);
                        WriteBallot(w, s.AcceptedBallot);
                        WriteBallot(w, s.PromisedBallot);
                        w.Write(s.Frozen);
                        break;
                    case ReplicaChange.Append(var e):
                        w.Write(AppendTag);
                        w.Write(e.TxId);
                        w.Write(e.Account);
                        w.Write(e.Version);
                        w.Write((int)e.Kind);
                        WriteNullable(w, e.Counterparty);
                        w.Write(e.CounterpartyVersion);
                        w.Write(e.AmountCents);
                        w.Write(e.BalanceAfterCents);
                        w.Write(e.Owner);
                        w.Write(e.At.ToUnixTimeMilliseconds());
                        w.Write(e.PrevHash);
                        w.Write(e.Hash);
                        WriteNullable(w, e.Payload);
                        break;
                    case ReplicaChange.Truncate(var account, var version):
                        w.Write(TruncateTag);
                        w.Write(account);
                        w.Write(version);
                        break;
                    default:
                        throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(changes));
                }
            }
        }

        Span<byte> checksum = stackalloc byte[ChecksumSize];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, XxHash3.HashToUInt64(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        buffer.Write(checksum);
        return buffer.ToArray();
    }

    /// <summary>Decodes a body written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidDataException">The body is not one this build wrote, or was changed since.</exception>
    public static IReadOnlyList<ReplicaChange> Decode(byte[] body)
    {
        var length = body.Length;
        if (length > 0 && body[0] == Format)
        {
            length -= ChecksumSize;
            if (length < 1 || BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(length)) != XxHash3.HashToUInt64(body.AsSpan(0, length)))
            {
                throw new InvalidDataException("A replica_log row does not match its checksum.");
            }
        }
        else if (length > 0 && body[0] != Unchecked)
        {
            throw new InvalidDataException("A replica_log row has an unknown format.");
        }

        using var r = new BinaryReader(new MemoryStream(body, 0, length), Encoding.UTF8);
        try
        {
            r.ReadByte();

            var count = r.ReadInt32();
            var changes = new List<ReplicaChange>(count);
            for (var i = 0; i < count; i++)
            {
                changes.Add(r.ReadByte() switch
                {
                    PutTag => new ReplicaChange.Put(new AccountState(
                        r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadString(),
                        ReadBallot(r), ReadBallot(r), r.ReadBoolean())),
                    AppendTag => new ReplicaChange.Append(new LedgerEntry(
                        r.ReadString(), r.ReadString(), r.ReadInt64(), (EntryKind)r.ReadInt32(), ReadNullable(r),
                        r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadString(),
                        DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()), r.ReadString(), r.ReadString(),
                        ReadNullable(r))),
                    TruncateTag => new ReplicaChange.Truncate(r.ReadString(), r.ReadInt64()),
                    var tag => throw new InvalidDataException($"A replica_log row holds an unknown change tag {tag}."),
                });
            }

            if (r.BaseStream.Position != length)
            {
                throw new InvalidDataException("A replica_log row holds bytes after its changes.");
            }

            return changes;
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("A replica_log row is cut short.", exception);
        }
    }

    private static void WriteBallot(BinaryWriter w, Ballot b)
    {
        w.Write(b.Epoch);
        w.Write(b.Counter);
        w.Write(b.Member);
    }

    private static Ballot ReadBallot(BinaryReader r) => new(r.ReadInt64(), r.ReadInt64(), r.ReadInt32());

    private static void WriteNullable(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
        {
            w.Write(value);
        }
    }

    private static string? ReadNullable(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}
