using Orleans.Runtime;
using Orleans.Transactions;

namespace BankOrleans.Bench.Targets;

/// <summary>Classifies an exception thrown by a grain call into an outcome the client can know.</summary>
public static class CallFailure
{
    /// <summary>
    /// A call that never reached a silo, or was refused before running, applied nothing
    /// (unavailable); an aborted transaction applied nothing (aborted), and one that the peer's
    /// transfer aborted because the source balance was short is a refusal (rejected); everything
    /// else — a timeout above all — may have been applied (unknown).
    /// </summary>
    public static Workload.WriteOutcome Classify(Exception exception)
    {
        var reason = $"{exception.GetType().Name}: {exception.Message}";
        return exception switch
        {
            OrleansTransactionInDoubtException => new(Workload.OperationOutcome.Unknown, reason),
            OrleansTransactionAbortedException { InnerException: Baseline.InsufficientFundsException }
                => new(Workload.OperationOutcome.Rejected, "insufficient_funds"),
            OrleansTransactionAbortedException => new(Workload.OperationOutcome.Aborted, reason),
            OrleansMessageRejectionException or SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException
                => new(Workload.OperationOutcome.Unavailable, reason),
            _ => new(Workload.OperationOutcome.Unknown, reason),
        };
    }
}
