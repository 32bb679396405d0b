using BankOrleans.Bench.Options;

namespace BankOrleans.Bench.Measurement;

/// <summary>A deposit or withdrawal of the workload, kept while its outcome is unknown so that it can be re-sent with the same request id.</summary>
public sealed record UnresolvedWrite(OperationKind Kind, int Worker, string RequestId, string Account, long AmountCents);
