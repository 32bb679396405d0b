using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace BankOrleans.Silo.Trust;

/// <summary>
/// Reads what a client sends a gateway and lets through requests only. An Orleans silo hands a
/// response message to whichever call is waiting on (target grain, correlation id), without
/// asking who sent it, so a client that sends responses and finds a correlation id could answer
/// a silo's own calls — an accept a replica never made. The grain call filters never
/// see responses, so they are stopped here, on the wire: the first frame from a client that is
/// not a request or a one-way request ends the connection. (Orleans mixes a random 64-bit
/// per-process nonce into correlation ids, so guessing one is already hard: this is the second
/// line, and the one that does not depend on the nonce staying unobserved.)
/// </summary>
/// <remarks>
/// Orleans 10 framing (src/Orleans.Core/Networking/ConnectionPreamble.cs, Messaging/MessageSerializer.cs):
/// a preamble <c>[int32 length][bytes]</c>, then frames <c>[int32 header length][int32 body length][header][body]</c>,
/// all little-endian, each header starting with the packed headers (<c>uint32</c>) whose bits 16–19 are
/// the message's direction. A test of the silo's own clients pins this layout.
/// </remarks>
public static class ClientFrameFilter
{
    /// <summary>Message.Directions.Request in Orleans 10.</summary>
    public const int Request = 1;

    /// <summary>Message.Directions.OneWay in Orleans 10.</summary>
    public const int OneWay = 3;

    private const int PreambleLength = sizeof(int);
    private const int FrameStart = 3 * sizeof(int);

    /// <summary>
    /// Copies <paramref name="input"/> to <paramref name="output"/> until either ends; returns the
    /// direction of the first frame it refused, or null if it refused none. A refused frame is not
    /// copied, nor is anything after it. <paramref name="output"/> is always completed (with the
    /// input's failure, if reading failed), so whoever reads it sees the connection end.
    /// </summary>
    public static async Task<int?> PumpAsync(PipeReader input, PipeWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var preambleSeen = false;
        long passThrough = 0;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    if (passThrough > 0)
                    {
                        var chunk = buffer.Slice(0, Math.Min(passThrough, buffer.Length));
                        foreach (var segment in chunk)
                        {
                            output.Write(segment.Span);
                        }

                        passThrough -= chunk.Length;
                        buffer = buffer.Slice(chunk.End);
                        continue;
                    }

                    if (!preambleSeen)
                    {
                        if (buffer.Length < PreambleLength)
                        {
                            break;
                        }

                        passThrough = PreambleLength + (long)ReadInt32(buffer, 0);
                        preambleSeen = true;
                        continue;
                    }

                    if (buffer.Length < FrameStart)
                    {
                        break;
                    }

                    var headerLength = ReadInt32(buffer, 0);
                    var bodyLength = ReadInt32(buffer, sizeof(int));
                    var direction = (int)(((uint)ReadInt32(buffer, 2 * sizeof(int)) >> 16) & 0xF);
                    if (headerLength < sizeof(int) || bodyLength < 0 || direction is not (Request or OneWay))
                    {
                        await output.CompleteAsync().ConfigureAwait(false);
                        return direction;
                    }

                    passThrough = 2L * sizeof(int) + headerLength + bodyLength;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsCompleted || result.IsCanceled || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception failure)
        {
            // A reset or aborted connection: the reader behind must see the end too, or it waits forever.
            await output.CompleteAsync(failure).ConfigureAwait(false);
            return null;
        }

        await output.CompleteAsync().ConfigureAwait(false);
        return null;
    }

    private static int ReadInt32(ReadOnlySequence<byte> buffer, int offset)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        buffer.Slice(offset, sizeof(int)).CopyTo(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }
}
