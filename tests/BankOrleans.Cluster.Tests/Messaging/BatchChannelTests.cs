using BankOrleans.Contracts.Messaging;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Replication;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Cluster.Tests.Messaging;

public sealed class BatchChannelTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Requests_that_arrive_while_a_batch_is_in_flight_leave_together_in_the_next_one()
    {
        var peer = new GatedPeer();
        var channel = new BatchChannel<int, string>(peer.SendAsync, maxBatch: 100, CallTimeout, TimeProvider.System);

        var first = channel.SendAsync(1);
        await peer.Sent(1);
        var queued = new[] { channel.SendAsync(2), channel.SendAsync(3), channel.SendAsync(4) };
        peer.ReleaseOne();
        await peer.Sent(2);
        peer.ReleaseOne();

        Assert.Equal("reply 1", await first);
        Assert.Equal(["reply 2", "reply 3", "reply 4"], await Task.WhenAll(queued));
        Assert.Equal([[1], [2, 3, 4]], peer.Batches);
    }

    [Fact]
    public async Task A_batch_never_exceeds_the_maximum()
    {
        var peer = new GatedPeer();
        var channel = new BatchChannel<int, string>(peer.SendAsync, maxBatch: 2, CallTimeout, TimeProvider.System);

        var first = channel.SendAsync(0);
        await peer.Sent(1);
        var queued = Enumerable.Range(1, 5).Select(channel.SendAsync).ToArray();
        for (var batches = 2; batches <= 4; batches++)
        {
            peer.ReleaseOne();
            await peer.Sent(batches);
        }

        peer.ReleaseOne();
        await Task.WhenAll(queued.Append(first));
        Assert.Equal([[0], [1, 2], [3, 4], [5]], peer.Batches);
    }

    [Fact]
    public async Task A_failed_batch_fails_each_of_its_requests_and_the_channel_keeps_working()
    {
        var calls = 0;
        var channel = new BatchChannel<int, string>(
            requests => ++calls == 1
                ? Task.FromException<IReadOnlyList<string>>(new InvalidOperationException("peer down"))
                : Task.FromResult<IReadOnlyList<string>>(requests.Select(r => $"reply {r}").ToArray()),
            maxBatch: 100,
            CallTimeout,
            TimeProvider.System);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => channel.SendAsync(1));

        Assert.Equal("peer down", failed.Message);
        Assert.Equal("reply 2", await channel.SendAsync(2));
    }

    [Fact]
    public async Task A_request_that_waited_past_the_call_timeout_is_dropped_not_sent()
    {
        var time = new FakeTimeProvider();
        var peer = new GatedPeer();
        var dropped = new List<int>();
        var channel = new BatchChannel<int, string>(peer.SendAsync, maxBatch: 100, CallTimeout, time, n => { lock (dropped) { dropped.Add(n); } });

        var first = channel.SendAsync(1);
        await peer.Sent(1);
        var stale = channel.SendAsync(2);
        time.Advance(CallTimeout + TimeSpan.FromMilliseconds(1));
        var fresh = channel.SendAsync(3);
        peer.ReleaseOne();
        await peer.Sent(2);
        peer.ReleaseOne();

        Assert.Equal("reply 3", await fresh);
        await Assert.ThrowsAsync<TimeoutException>(() => stale);
        Assert.Equal([[1], [3]], peer.Batches);
        Assert.Equal([1], dropped);
    }

    [Fact]
    public void Batch_items_give_back_the_exception_each_fault_stands_for()
    {
        Assert.Throws<ReplicaNotServingException>(() => BatchItems.Unwrap(new BatchItem<string>(null, BatchItemFault.NotServing, "catching up")));
        Assert.Throws<ArgumentException>(() => BatchItems.Unwrap(new BatchItem<string>(null, BatchItemFault.Invalid, "bad chain")));
        Assert.Throws<BatchItemFailedException>(() => BatchItems.Unwrap(new BatchItem<string>(null, BatchItemFault.Failed, "disk full")));
        Assert.Equal("ok", BatchItems.Unwrap(BatchItem<string>.Answered("ok")));
    }

    [Fact]
    public async Task A_request_failure_on_the_peer_becomes_its_own_batch_item()
    {
        var notServing = await BatchItems.AnswerAsync(Task.FromException<string>(new ReplicaNotServingException("catching up")));
        var invalid = await BatchItems.AnswerAsync(Task.FromException<string>(new ArgumentException("bad chain")));
        var answered = await BatchItems.AnswerAsync(Task.FromResult("ok"));

        Assert.Equal((BatchItemFault.NotServing, "catching up"), (notServing.Fault, notServing.Message));
        Assert.Equal((BatchItemFault.Invalid, "bad chain"), (invalid.Fault, invalid.Message));
        Assert.Equal(BatchItem<string>.Answered("ok"), answered);
    }

    /// <summary>A peer that records each batch and answers one batch per <see cref="ReleaseOne"/>.</summary>
    private sealed class GatedPeer
    {
        private readonly SemaphoreSlim _released = new(0);
        private readonly SemaphoreSlim _sent = new(0);

        public List<int[]> Batches { get; } = [];

        public async Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<int> requests)
        {
            lock (Batches)
            {
                Batches.Add([.. requests]);
            }

            _sent.Release();
            await _released.WaitAsync();
            return requests.Select(r => $"reply {r}").ToArray();
        }

        public void ReleaseOne() => _released.Release();

        /// <summary>Waits (bounded) until <paramref name="count"/> batches have been sent.</summary>
        public async Task Sent(int count)
        {
            while (true)
            {
                lock (Batches)
                {
                    if (Batches.Count >= count)
                    {
                        return;
                    }
                }

                Assert.True(await _sent.WaitAsync(TimeSpan.FromSeconds(10)), $"batch {count} was never sent");
            }
        }
    }
}
