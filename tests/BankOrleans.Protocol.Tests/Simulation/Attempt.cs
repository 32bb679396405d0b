using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>One call of the coordinator by a client, as the history records it.</summary>
/// <param name="Operation">The operation, with its request id.</param>
/// <param name="Start">Virtual time of the call.</param>
/// <param name="End">Virtual time of the answer.</param>
/// <param name="Verdict">Null when the coordinator crashed under the call (the client saw no answer).</param>
/// <param name="Outcome">The outcome answered, if any.</param>
/// <param name="ReplicasHoldingAtAck">For a committed answer, how many replicas held the operation at that instant.</param>
internal sealed record Attempt(
    BankOperation Operation,
    long Start,
    long End,
    CoordinatorVerdict? Verdict,
    OperationOutcome? Outcome,
    int ReplicasHoldingAtAck);
