namespace BankOrleans.Grains.Messaging;

/// <summary>
/// Coalesces the requests that many coordinators of one silo send to one peer into batched calls.
/// A request that finds the channel idle leaves at once (no added latency when the load is
/// light); requests that arrive while a batch is in flight leave together in the next one, so
/// under load the number of messages per request falls with the load. Each request keeps its own
/// reply or failure; a request older than the call timeout when its batch would leave is dropped
/// (its sender has already counted it as unanswered, so sending it is no better than losing it).
/// </summary>
/// <typeparam name="TRequest">One request.</typeparam>
/// <typeparam name="TReply">One reply.</typeparam>
internal sealed class BatchChannel<TRequest, TReply>
{
    private readonly Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TReply>>> _send;
    private readonly int _maxBatch;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;
    private readonly Action<int>? _onDropped;
    private readonly object _gate = new();
    private readonly Queue<Pending> _queue = new();
    private bool _pumping;

    /// <summary>Creates a channel that sends batches with <paramref name="send"/> (one reply per request, in order).</summary>
    /// <param name="send">Sends one batch.</param>
    /// <param name="maxBatch">The most requests in one batch.</param>
    /// <param name="callTimeout">How long a batch may take, and how long a request may wait to leave.</param>
    /// <param name="time">The clock.</param>
    /// <param name="onDropped">Told how many requests were dropped for waiting too long, each time some are (outside the channel's lock).</param>
    public BatchChannel(
        Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TReply>>> send, int maxBatch, TimeSpan callTimeout, TimeProvider time, Action<int>? onDropped = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _send = send;
        _maxBatch = maxBatch;
        _callTimeout = callTimeout;
        _time = time;
        _onDropped = onDropped;
    }

    /// <summary>Sends one request with the next batch and completes with its own reply or failure.</summary>
    public Task<TReply> SendAsync(TRequest request)
    {
        var pending = new Pending(request, _time.GetTimestamp(), new TaskCompletionSource<TReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            start = !_pumping;
            _pumping = true;
        }

        if (start)
        {
            // Off the caller's grain turn: the pump belongs to the silo, not to one activation.
            _ = Task.Run(PumpAsync);
        }

        return pending.Reply.Task;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            var batch = TakeBatch(out var dropped);
            if (dropped > 0)
            {
                ReportDropped(dropped);
            }

            if (batch is null)
            {
                return;
            }

            try
            {
                var replies = await _send(batch.Select(p => p.Request).ToArray()).WaitAsync(_callTimeout, _time);
                if (replies.Count != batch.Count)
                {
                    throw new InvalidOperationException($"a batch of {batch.Count} requests got {replies.Count} replies");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Reply.TrySetResult(replies[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Reply.TrySetException(exception);
                }
            }
        }
    }

    private void ReportDropped(int dropped)
    {
        try
        {
            _onDropped?.Invoke(dropped);
        }
        catch (Exception)
        {
            // Reporting is for operators; it must never stop the pump.
        }
    }

    private List<Pending>? TakeBatch(out int dropped)
    {
        dropped = 0;
        lock (_gate)
        {
            var batch = new List<Pending>(Math.Min(_queue.Count, _maxBatch));
            while (batch.Count < _maxBatch && _queue.TryDequeue(out var pending))
            {
                if (_time.GetElapsedTime(pending.Queued) > _callTimeout)
                {
                    pending.Reply.TrySetException(new TimeoutException("the request waited longer than the call timeout for its batch to leave"));
                    dropped++;
                    continue;
                }

                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                _pumping = false;
                return null;
            }

            return batch;
        }
    }

    private sealed record Pending(TRequest Request, long Queued, TaskCompletionSource<TReply> Reply);
}
