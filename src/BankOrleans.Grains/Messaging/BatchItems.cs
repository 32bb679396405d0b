using BankOrleans.Contracts.Messaging;
using BankOrleans.Grains.Replication;

namespace BankOrleans.Grains.Messaging;

/// <summary>
/// Turns the outcome of one request into a <see cref="BatchItem{T}"/> on the receiving side, and
/// back into the reply or the exception a single call would have produced on the sending side, so
/// that batching changes how requests travel and nothing else.
/// </summary>
internal static class BatchItems
{
    /// <summary>Awaits one request's handling and records its reply or its fault.</summary>
    public static async Task<BatchItem<T>> AnswerAsync<T>(Task<T> handling)
        where T : class
    {
        try
        {
            return BatchItem<T>.Answered(await handling);
        }
        catch (Exception exception)
        {
            return FaultOf<T>(exception);
        }
    }

    /// <summary>The fault that stands for <paramref name="exception"/>, thrown while handling one request.</summary>
    public static BatchItem<T> FaultOf<T>(Exception exception)
        where T : class => exception switch
        {
            ReplicaNotServingException => new BatchItem<T>(null, BatchItemFault.NotServing, exception.Message),
            ArgumentException => new BatchItem<T>(null, BatchItemFault.Invalid, exception.Message),
            _ => new BatchItem<T>(null, BatchItemFault.Failed, $"{exception.GetType().Name}: {exception.Message}"),
        };

    /// <summary>Nothing, or the exception the single call (one that answers nothing) would have thrown.</summary>
    public static void ThrowIfFaulted<T>(BatchItem<T> item)
        where T : class
    {
        if (item.Fault != BatchItemFault.None)
        {
            Unwrap(item);
        }
    }

    /// <summary>The reply, or the exception the single call would have thrown.</summary>
    /// <exception cref="ReplicaNotServingException">The peer declined without evaluating the request.</exception>
    /// <exception cref="ArgumentException">The request was malformed.</exception>
    /// <exception cref="BatchItemFailedException">The peer failed while handling the request.</exception>
    public static T Unwrap<T>(BatchItem<T> item)
        where T : class => item.Fault switch
        {
            BatchItemFault.None when item.Reply is not null => item.Reply,
            BatchItemFault.NotServing => throw new ReplicaNotServingException(item.Message ?? "not serving"),
            BatchItemFault.Invalid => throw new ArgumentException(item.Message),
            _ => throw new BatchItemFailedException(item.Message ?? "the peer failed"),
        };
}
