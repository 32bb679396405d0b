using BankOrleans.Contracts.Reading;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Grains.Reading;

/// <summary>Master N's side of the reader's heartbeat: its <see cref="UnacknowledgedCommits"/>.</summary>
[PinnedToMaster]
public sealed class ReaderFeedGrain(UnacknowledgedCommits pending) : Grain, IReaderFeedGrain
{
    /// <inheritdoc />
    public Task<UserCommitsPage> Poll(string incarnation, long acknowledgedThrough, int limit) =>
        Task.FromResult(pending.Poll(incarnation ?? "", acknowledgedThrough, Math.Clamp(limit, 1, IReaderFeedGrain.MaxCommits)));
}
