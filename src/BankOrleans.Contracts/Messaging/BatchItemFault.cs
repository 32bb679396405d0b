namespace BankOrleans.Contracts.Messaging;

/// <summary>Why one request of a batch got no reply (the other requests of the batch are unaffected).</summary>
public enum BatchItemFault
{
    /// <summary>Answered: the reply is set.</summary>
    None = 0,

    /// <summary>The peer declined the request without evaluating it (catching up, damaged account).</summary>
    NotServing = 1,

    /// <summary>The request was malformed: a bug in the sender.</summary>
    Invalid = 2,

    /// <summary>The peer failed while handling the request; it may or may not have taken effect.</summary>
    Failed = 3,
}
