using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BankOrleans.Protocol.Recovery;

namespace BankOrleans.Storage;

/// <summary>
/// The stamp beside a replica file (<c>master-1.db.stamp</c>): which file the replica last answered
/// from and how many write transactions it had committed (ARCHITECTURE §5b). Written and fsynced
/// after every commit of a normal replica and before its answers leave, so a copy of the file
/// older than what it acknowledged is seen as older. Two checksummed slots, written in turn under
/// a growing sequence number, so a torn write leaves the previous stamp readable.
/// </summary>
internal sealed class ReplicaStampFile : IDisposable
{
    private const int SlotSize = 4096;
    private const int RecordSize = 96;
    private static readonly byte[] Magic = "BANKSTMP"u8.ToArray();
    private readonly FileStream _file;
    private readonly byte[] _record = new byte[RecordSize];

    private long _sequence;

    private ReplicaStampFile(FileStream file, long sequence)
    {
        _file = file;
        _sequence = sequence;
    }

    /// <summary>The stamp path of the replica file at <paramref name="replicaPath"/>.</summary>
    public static string PathOf(string replicaPath) => replicaPath + ".stamp";

    /// <summary>The newest valid stamp at <paramref name="path"/>, or null if there is none.</summary>
    public static ReplicaStamp? Read(string path) => Newest(path)?.Stamp;

    /// <summary>Opens (creating) the stamp file for writing.</summary>
    public static ReplicaStampFile Open(string path)
    {
        var sequence = Newest(path)?.Sequence ?? 0;
        return new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None), sequence);
    }

    private static (long Sequence, ReplicaStamp Stamp)? Newest(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return new[] { 0, SlotSize }
            .Select(offset => bytes.Length >= offset + RecordSize ? Parse(bytes.AsSpan(offset, RecordSize)) : null)
            .Where(s => s is not null)
            .MaxBy(s => s!.Value.Sequence);
    }

    /// <summary>Writes <paramref name="stamp"/> into the slot of its write count and fsyncs it.</summary>
    public void Write(ReplicaStamp stamp)
    {
        var id = Encoding.ASCII.GetBytes(stamp.FileId);
        if (id.Length != 32)
        {
            throw new ArgumentException("a file id is 32 hex digits", nameof(stamp));
        }

        var sequence = ++_sequence;
        Array.Clear(_record);
        Magic.CopyTo(_record, 0);
        BinaryPrimitives.WriteInt64LittleEndian(_record.AsSpan(8), sequence);
        BinaryPrimitives.WriteInt64LittleEndian(_record.AsSpan(16), stamp.Lsn);
        id.CopyTo(_record, 24);
        Checksum(_record.AsSpan(0, 56)).CopyTo(_record.AsSpan(56));
        RandomAccess.Write(_file.SafeFileHandle, _record, (sequence & 1) * SlotSize);
        _file.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static byte[] Checksum(ReadOnlySpan<byte> data) => SHA256.HashData(data)[..16];

    private static (long Sequence, ReplicaStamp Stamp)? Parse(ReadOnlySpan<byte> record)
    {
        if (!record[..8].SequenceEqual(Magic)
            || !record.Slice(56, 16).SequenceEqual(Checksum(record[..56])))
        {
            return null;
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(record[8..]),
            new ReplicaStamp(Encoding.ASCII.GetString(record.Slice(24, 32)), BinaryPrimitives.ReadInt64LittleEndian(record[16..])));
    }
}
