namespace BankOrleans.Protocol.Reading;

/// <summary>What <see cref="ReaderSessionRule"/> decided about a session on the reader.</summary>
public enum ReaderSessionVerdict
{
    /// <summary>The session is current: the reader holds its epoch and is within its staleness bound.</summary>
    Valid = 1,

    /// <summary>The reader holds a later epoch of the user: a logout ended the session.</summary>
    Ended = 2,

    /// <summary>The reader cannot tell (it is stale, or has not seen the session's epoch yet): ask the masters.</summary>
    Unavailable = 3,
}
