using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Grains.Messaging;

/// <summary>
/// How this silo's coordinators reach the council members, the replicas and the reader on the
/// write path's hot calls: batched (<see cref="ProtocolBatcher"/>, the default) or one grain call
/// per request (<see cref="DirectProtocolTransport"/>), chosen once by
/// <c>Bank:Batching:Enabled</c>. Either way each request gets its own reply or exception.
/// </summary>
internal interface IProtocolTransport
{
    /// <summary>A vote request to council member <paramref name="member"/>.</summary>
    Task<LeaseReply> RequestLeaseAsync(int member, LeaseRequest request);

    /// <summary>A release to council member <paramref name="member"/>.</summary>
    Task ReleaseLeaseAsync(int member, LeaseRelease release);

    /// <summary>A prepare to replica <paramref name="replica"/>.</summary>
    Task<PrepareReply> PrepareAsync(int replica, PrepareRequest request);

    /// <summary>An accept to replica <paramref name="replica"/>.</summary>
    Task<AcceptReply> AcceptAsync(int replica, AcceptRequest request);

    /// <summary>One committed operation for the reader; the write never waits for it.</summary>
    Task FeedReaderAsync(CommittedRows committed);
}
