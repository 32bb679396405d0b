using System.Buffers.Binary;
using System.IO.Pipelines;
using BankOrleans.Silo.Trust;

namespace BankOrleans.Security.Tests;

/// <summary>The gateway's wire filter: requests pass byte for byte, anything else ends the stream.</summary>
public sealed class ClientFrameFilterTests
{
    private const int Response = 2;

    [Fact]
    public async Task Preamble_requests_and_one_way_requests_pass_unchanged()
    {
        byte[] sent = [.. Preamble(), .. Frame(ClientFrameFilter.Request, 40), .. Frame(ClientFrameFilter.OneWay, 0), .. Frame(ClientFrameFilter.Request, 7)];

        var (passed, refused) = await FilterAsync(sent, chunk: 5);

        Assert.Null(refused);
        Assert.Equal(sent, passed);
    }

    [Fact]
    public async Task A_response_from_a_client_is_refused_and_nothing_after_it_passes()
    {
        byte[] before = [.. Preamble(), .. Frame(ClientFrameFilter.Request, 12)];
        byte[] sent = [.. before, .. Frame(Response, 12), .. Frame(ClientFrameFilter.Request, 12)];

        var (passed, refused) = await FilterAsync(sent, chunk: 1);

        Assert.Equal(Response, refused);
        Assert.Equal(before, passed);
    }

    [Fact]
    public async Task A_frame_whose_header_is_too_short_to_name_a_direction_is_refused()
    {
        byte[] sent = [.. Preamble(), .. BitConverter.GetBytes(2), .. BitConverter.GetBytes(0), 0, 0, 0, 0];

        var (passed, refused) = await FilterAsync(sent, chunk: 64);

        Assert.NotNull(refused);
        Assert.Equal(Preamble(), passed);
    }

    [Fact]
    public async Task A_connection_that_fails_ends_the_filtered_stream_with_its_failure()
    {
        var inbound = new Pipe();
        var outbound = new Pipe();
        var pump = ClientFrameFilter.PumpAsync(inbound.Reader, outbound.Writer);
        await inbound.Writer.WriteAsync(Preamble());

        await inbound.Writer.CompleteAsync(new IOException("connection reset"));

        Assert.Null(await pump);
        var error = await Assert.ThrowsAsync<IOException>(async () => await outbound.Reader.CopyToAsync(Stream.Null));
        Assert.Equal("connection reset", error.Message);
    }

    // The bytes the filter lets through when a client sends sent, chunk bytes at a time.
    private static async Task<(byte[] Passed, int? Refused)> FilterAsync(byte[] sent, int chunk)
    {
        var inbound = new Pipe();
        var outbound = new Pipe();
        var pump = ClientFrameFilter.PumpAsync(inbound.Reader, outbound.Writer);
        for (var i = 0; i < sent.Length; i += chunk)
        {
            await inbound.Writer.WriteAsync(sent.AsMemory(i, Math.Min(chunk, sent.Length - i)));
        }

        await inbound.Writer.CompleteAsync();
        var refused = await pump;
        using var passed = new MemoryStream();
        await outbound.Reader.CopyToAsync(passed);
        return (passed.ToArray(), refused);
    }

    private static byte[] Preamble() => [.. BitConverter.GetBytes(3), 1, 2, 3];

    // [header length][body length][packed headers with the direction in bits 16-19][rest of header][body]
    private static byte[] Frame(int direction, int bodyLength)
    {
        const int headerLength = 10;
        var frame = new byte[8 + headerLength + bodyLength];
        BinaryPrimitives.WriteInt32LittleEndian(frame, headerLength);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), (uint)direction << 16 | 0x0102);
        frame.AsSpan(12).Fill((byte)(direction + 0x40));
        return frame;
    }
}
