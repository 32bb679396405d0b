using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BankOrleans.Protocol;

/// <summary>
/// How text goes into the bytes of a non-cryptographic hash that must be stable across processes
/// and builds (which <see cref="string.GetHashCode()"/> is not): its length, then its UTF-16 code
/// units, so that no two different sequences of texts give the same bytes.
/// </summary>
public static class HashInput
{
    /// <summary>The bytes <see cref="WriteText"/> writes for <paramref name="text"/>.</summary>
    public static int SizeOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return sizeof(int) + (2 * text.Length);
    }

    /// <summary>Writes <paramref name="text"/> at the start of <paramref name="into"/>; returns the rest.</summary>
    public static Span<byte> WriteText(Span<byte> into, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        BinaryPrimitives.WriteInt32LittleEndian(into, text.Length);
        var units = MemoryMarshal.AsBytes(text.AsSpan());
        units.CopyTo(into[sizeof(int)..]);
        return into[(sizeof(int) + units.Length)..];
    }
}
