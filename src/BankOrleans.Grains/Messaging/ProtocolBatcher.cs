using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Messaging;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Messaging;

/// <summary>
/// This silo's batch channels to council members 1..3 and replicas 1..3, shared by every
/// coordinator on the silo (account grains, user grains, the reader and anti-entropy), and its
/// feed of committed operations to the reader.
/// </summary>
internal sealed class ProtocolBatcher : IProtocolTransport
{
    // Votes and releases to one member share one ordered channel: on separate channels a
    // coordinator's release could overtake its next vote's grant and cancel it.
    private readonly Dictionary<int, BatchChannel<CouncilRequest, BatchItem<LeaseReply>>> _council = [];
    private readonly Dictionary<int, BatchChannel<PrepareRequest, BatchItem<PrepareReply>>> _prepares = [];
    private readonly Dictionary<int, BatchChannel<AcceptRequest, BatchItem<AcceptReply>>> _accepts = [];
    private readonly BatchChannel<CommittedRows, bool> _feed;

    /// <summary>Creates the channels.</summary>
    public ProtocolBatcher(
        IGrainFactory grains, IOptions<MessageBatchingOptions> batching, IOptions<ProtocolTimingOptions> timing, TimeProvider time, ILogger<ProtocolBatcher> logger)
    {
        var max = batching.Value.MaxBatch;
        var timeout = timing.Value.CallTimeout;
        Action<int> Drops(string channel) => new DroppedRequests(channel, logger, time).Report;
        foreach (var index in BankSiloNames.MasterIndexes)
        {
            var council = grains.GetGrain<ILockCouncilGrain>(index);
            var replica = grains.GetGrain<IReplicaGrain>(index);
            _council[index] = new(council.Handle, max, timeout, time, Drops($"council-{index}"));
            _prepares[index] = new(replica.PrepareMany, max, timeout, time, Drops($"prepare-{index}"));
            _accepts[index] = new(replica.AcceptMany, max, timeout, time, Drops($"accept-{index}"));
        }

        _feed = new(grains.GetGrain<IReadReplicaGrain>(0).ApplyMany, batching.Value.MaxFeedBatch, timeout, time, Drops("reader-feed"));
    }

    /// <inheritdoc />
    /// <remarks>Its reply, or the exception a single call would have thrown.</remarks>
    public async Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request) =>
        BatchItems.Unwrap(await Channel(_council, member).SendAsync(CouncilRequest.Vote(request)));

    /// <inheritdoc />
    /// <remarks>Behind every vote sent to the member before.</remarks>
    public async Task ReleaseLeaseAsync(int member, LeaseRelease release) =>
        BatchItems.ThrowIfFaulted(await Channel(_council, member).SendAsync(CouncilRequest.Releasing(release)));

    /// <inheritdoc />
    public async Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request) =>
        BatchItems.Unwrap(await Channel(_prepares, replica).SendAsync(request));

    /// <inheritdoc />
    public async Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request) =>
        BatchItems.Unwrap(await Channel(_accepts, replica).SendAsync(request));

    /// <inheritdoc />
    /// <remarks>With the next feed batch; completes when the reader applied that batch.</remarks>
    public Task FeedReaderAsync(CommittedRows committed) => _feed.SendAsync(committed);

    private static T Channel<T>(Dictionary<int, T> channels, int index) =>
        channels.TryGetValue(index, out var channel) ? channel : throw new ArgumentOutOfRangeException(nameof(index), index, "no such master");
}
