namespace BankOrleans.Client.Cli;

/// <summary>
/// One failure the client reports to its user: a stable machine-readable <see cref="Code"/>
/// (the <c>"error"</c> field of a <c>--json</c> answer), a human <see cref="Message"/>, and the
/// process exit code the code maps to.
/// </summary>
/// <param name="Code">Stable error code, snake_case, e.g. <c>unavailable</c>.</param>
/// <param name="Message">One line for a human; never a stack trace.</param>
public sealed record ClientError(string Code, string Message)
{
    // The codes follow the snake_case spelling of BankOrleans.Contracts' error codes, so that a
    // code the cluster returns can be passed through unchanged.

    /// <summary>Code for bad input or usage: parse errors, malformed values (exit 2).</summary>
    public const string BadInputCode = "bad_input";

    /// <summary>Code for a cluster that cannot be reached or has no quorum (exit 4).</summary>
    public const string UnavailableCode = "unavailable";

    /// <summary>Code for a request whose outcome is not known (exit 5).</summary>
    public const string OutcomeUnknownCode = "outcome_unknown";

    /// <summary>Code for a command interrupted by Ctrl-C or SIGTERM (exit 130).</summary>
    public const string CancelledCode = "cancelled";

    /// <summary>Code for a client bug (exit 1).</summary>
    public const string InternalCode = "internal";

    // The client's own codes; every code the cluster answers maps through ErrorCodes.ExitCodeOf.
    private static readonly Dictionary<string, int> ExitCodeByCode = new(StringComparer.Ordinal)
    {
        [CancelledCode] = ExitCodes.Cancelled,
        [InternalCode] = ExitCodes.Internal,
    };

    /// <summary>The process exit code for <see cref="Code"/>; unknown codes are internal errors.</summary>
    public int ExitCode => ExitCodeByCode.TryGetValue(Code, out var exit) ? exit : BankOrleans.Contracts.ErrorCodes.ExitCodeOf(Code);

    /// <summary>An error the cluster answered, passed through with its code.</summary>
    public static ClientError FromServer(string code, string message) => new(code, message);

    /// <summary>Bad usage of the command line or a malformed value (exit 2).</summary>
    public static ClientError BadInput(string message) => new(BadInputCode, message);

    /// <summary>The cluster cannot serve the request (exit 4).</summary>
    public static ClientError Unavailable(string message) => new(UnavailableCode, message);

    /// <summary>The user interrupted the command (exit 130).</summary>
    public static ClientError Cancelled() => new(CancelledCode, "cancelled");

    /// <summary>A client bug (exit 1).</summary>
    public static ClientError Internal(string message) => new(InternalCode, message);
}

/// <summary>
/// Thrown by a command to stop with a <see cref="ClientError"/>; the runner catches it and
/// renders the error once, in the output mode the user asked for.
/// </summary>
public sealed class ClientErrorException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ClientErrorException(ClientError error, Exception? innerException = null)
        : base(error.Message, innerException)
    {
        Error = error;
    }

    /// <summary>The error to report.</summary>
    public ClientError Error { get; }

    /// <summary>
    /// True when trying again cannot change the answer although its code alone would allow a
    /// retry (e.g. no CA certificate to check the gateways with); the failover loop stops at it.
    /// </summary>
    public bool Final { get; init; }
}
