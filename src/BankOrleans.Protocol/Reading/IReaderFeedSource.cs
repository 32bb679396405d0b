using BankOrleans.Contracts.Reading;

namespace BankOrleans.Protocol.Reading;

/// <summary>
/// The masters' reader feeds as the reader's heartbeat (<see cref="ReaderFeedPoller"/>) polls them:
/// each master's <see cref="UnacknowledgedCommits"/>, over grain calls in production and the
/// scheduled network in the simulator. Any call may fail or never answer.
/// </summary>
public interface IReaderFeedSource
{
    /// <summary>Master <paramref name="master"/>'s <see cref="UnacknowledgedCommits.Poll"/>.</summary>
    Task<UserCommitsPage> PollAsync(int master, string incarnation, long acknowledgedThrough, int limit);
}
