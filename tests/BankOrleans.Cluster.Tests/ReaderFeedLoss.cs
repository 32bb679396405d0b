using BankOrleans.Contracts.Reading;

namespace BankOrleans.Cluster.Tests;

/// <summary>
/// A test silo's incoming call filter that fails the reader's one-way feed while
/// <paramref name="losing"/> says so: the masters' feed batches then end in an exception and are
/// not sent again, which is how a lost feed message looks to them.
/// </summary>
internal sealed class ReaderFeedLoss(Func<bool> losing) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (losing()
            && context.InterfaceMethod.DeclaringType == typeof(IReadReplicaGrain)
            && context.InterfaceMethod.Name is nameof(IReadReplicaGrain.Apply) or nameof(IReadReplicaGrain.ApplyMany))
        {
            throw new InvalidOperationException("test: the reader's feed is lost");
        }

        return context.Invoke();
    }
}
