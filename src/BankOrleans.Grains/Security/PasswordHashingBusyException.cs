namespace BankOrleans.Grains.Security;

/// <summary>
/// A hash queued on <see cref="PasswordHashingQueue"/> waited longer than
/// <see cref="SecurityOptions.PasswordHashingMaxWait"/> for a thread and was not run.
/// </summary>
public sealed class PasswordHashingBusyException : Exception
{
    /// <summary>Creates the exception with <see cref="PasswordHashingQueue.BusyMessage"/>.</summary>
    public PasswordHashingBusyException()
        : base(PasswordHashingQueue.BusyMessage)
    {
    }

    /// <inheritdoc />
    public PasswordHashingBusyException(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public PasswordHashingBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
