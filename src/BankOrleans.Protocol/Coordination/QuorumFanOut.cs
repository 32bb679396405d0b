namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The coordinator's calls to the three council members or the three replicas: every call is
/// bounded by the call timeout, and a peer that fails or stays silent gives no answer, which every
/// rule counts as "no".
/// </summary>
internal sealed class QuorumFanOut(CoordinatorOptions options, TimeProvider time)
{
    /// <summary>The council members and the replicas, both numbered 1..3.</summary>
    public static readonly int[] Peers = [1, 2, 3];

    /// <summary>Two of three: the size of every quorum.</summary>
    public const int Majority = 2;

    /// <summary>
    /// Calls all three peers at once and returns the answers received when
    /// <paramref name="enough"/> holds or every call has answered or timed out.
    /// </summary>
    public async Task<List<(int Peer, T Reply)>> GatherAsync<T>(
        Func<int, Task<T>> call, Func<List<(int Peer, T Reply)>, bool> enough, CancellationToken ct)
        where T : class => (await GatherWithLateAsync(call, enough, ct)).Answers;

    /// <summary>
    /// <see cref="GatherAsync{T}"/>, plus a task with the answers of the calls still in flight
    /// when it returned (complete once each has answered or timed out).
    /// </summary>
    public async Task<(List<(int Peer, T Reply)> Answers, Task<List<(int Peer, T Reply)>> Late)> GatherWithLateAsync<T>(
        Func<int, Task<T>> call, Func<List<(int Peer, T Reply)>, bool> enough, CancellationToken ct)
        where T : class
    {
        var pending = Peers.ToDictionary(p => CallAsync(_ => call(p), ct), p => p);
        var answers = new List<(int Peer, T Reply)>();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending.Keys);
            var peer = pending[done];
            pending.Remove(done);
            if (await done is { } reply)
            {
                answers.Add((peer, reply));
                if (enough(answers))
                {
                    break;
                }
            }
        }

        return (answers, LateAnswersAsync(pending));
    }

    /// <summary>One bounded call: null when the peer fails or stays silent past the call timeout.</summary>
    /// <exception cref="ArgumentException">The request was malformed: a bug in the caller, not a silent peer.</exception>
    public async Task<T?> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
        where T : class
    {
        try
        {
            return await call(ct).WaitAsync(options.CallTimeout, time, ct);
        }
        catch (ArgumentException)
        {
            // A malformed request is a bug in this code, not a silent peer.
            throw;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<List<(int Peer, T Reply)>> LateAnswersAsync<T>(Dictionary<Task<T?>, int> pending)
        where T : class
    {
        var late = new List<(int Peer, T Reply)>();
        foreach (var (call, peer) in pending)
        {
            try
            {
                if (await call is { } reply)
                {
                    late.Add((peer, reply));
                }
            }
            catch (OperationCanceledException)
            {
                // Cancelled with its operation: no answer, like a silent peer.
            }
        }

        return late;
    }
}
