namespace BankOrleans.Grains.Messaging;

/// <summary>
/// A peer failed while handling one request of a batch (it may or may not have taken effect):
/// the batched counterpart of an exception thrown by a single call.
/// </summary>
public sealed class BatchItemFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchItemFailedException()
    {
    }

    /// <summary>Creates the exception with the peer's description of the failure.</summary>
    public BatchItemFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a description and a cause.</summary>
    public BatchItemFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
