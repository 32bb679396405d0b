namespace BankOrleans.Contracts.Messaging;

/// <summary>
/// The answer to one request of a batched call: a reply, or the fault that a single call would
/// have thrown, so that one request's failure never fails its neighbours.
/// </summary>
/// <typeparam name="T">The reply type of the single call.</typeparam>
[GenerateSerializer, Immutable]
public sealed record BatchItem<T>(
    [property: Id(0)] T? Reply,
    [property: Id(1)] BatchItemFault Fault,
    [property: Id(2)] string? Message)
    where T : class
{
    /// <summary>An answered request.</summary>
    public static BatchItem<T> Answered(T reply) => new(reply, BatchItemFault.None, null);

    /// <summary>A request handled without a reply (a release).</summary>
    public static BatchItem<T> Done { get; } = new(null, BatchItemFault.None, null);
}
