using BankOrleans.Client.Cli;
using BankOrleans.Contracts;

namespace BankOrleans.Client.Connection;

/// <summary>
/// Runs one command's call until it has an answer or its bound is spent: each try connects anew
/// (on the gateway list rotated by the try's number, so another gateway comes first) and calls;
/// a failure <see cref="RetryRule"/> calls retryable is tried again after a short pause, with the
/// same request id. The customer gets one answer: what the cluster answered, or — only past the
/// bound — <c>unavailable</c>, or <c>outcome_unknown</c> when a write may have been applied.
/// </summary>
/// <remarks>
/// Why: killing the master that served the last write left the next write to fail after Orleans'
/// own timeouts although a retry a few seconds later commits; a customer should not have to know
/// to retry.
/// </remarks>
public sealed class FailoverLoop
{
    // Pauses between tries: long enough for the cluster to notice a dead silo, short enough that
    // a write commits soon after it does.
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _bound;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _pause;

    /// <summary>Creates the loop.</summary>
    /// <param name="bound">The total time a command may take across its tries; zero means one try.</param>
    /// <param name="time">The clock the bound is measured on.</param>
    /// <param name="pause">Waits between tries; <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> on <paramref name="time"/> when null.</param>
    public FailoverLoop(TimeSpan bound, TimeProvider time, Func<TimeSpan, CancellationToken, Task>? pause = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, TimeSpan.Zero);
        _bound = bound;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _pause = pause ?? ((delay, ct) => Task.Delay(delay, time, ct));
    }

    /// <summary>
    /// The least of the bound a try after the first needs left to start (zero: any). A try that
    /// cannot last as long as the cluster takes to answer only times out, and turns an earlier
    /// definite answer into an unknown one.
    /// </summary>
    public TimeSpan MinimumTry { get; init; }

    /// <summary>
    /// Connects with <paramref name="connect"/> and calls <paramref name="call"/>, again after each
    /// retryable failure while the bound lasts.
    /// </summary>
    /// <param name="connect">Connects for one try; it must finish within <see cref="FailoverAttempt.Remaining"/>.</param>
    /// <param name="call">The command's call on that connection.</param>
    /// <param name="requestId">The write's request id (named in an outcome-unknown answer); null for reads, whose failures never count as applied.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl-C).</param>
    /// <exception cref="ClientErrorException">The final answer when it is not a success.</exception>
    public async Task<T> RunAsync<TConnection, T>(
        Func<FailoverAttempt, CancellationToken, Task<TConnection>> connect,
        Func<TConnection, CancellationToken, Task<T>> call,
        string? requestId,
        CancellationToken cancellationToken)
        where TConnection : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(call);
        var started = _time.GetTimestamp();
        var maybeApplied = false;
        for (var number = 0; ; number++)
        {
            // With no bound there is one try, limited only by the connection's own deadlines.
            var remaining = _bound == TimeSpan.Zero ? TimeSpan.MaxValue : _bound - _time.GetElapsedTime(started);
            ClientErrorException failure;
            RetryVerdict verdict;
            var sent = false;
            try
            {
                await using var connection = await connect(new FailoverAttempt(number, remaining), cancellationToken).ConfigureAwait(false);
                sent = true;
                return await call(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (ClientErrorException exception)
            {
                failure = exception;
                verdict = RetryRule.Judge(exception, sent);
            }

            maybeApplied |= verdict == RetryVerdict.RetryMaybeApplied && requestId is not null;
            var pause = Pause(number);
            if (verdict == RetryVerdict.Final || _time.GetElapsedTime(started) + pause + MinimumTry >= _bound)
            {
                throw verdict == RetryVerdict.Final || !maybeApplied || failure.Error.Code == ErrorCodes.OutcomeUnknown
                    ? failure
                    : Unknown(failure, requestId!);
            }

            await _pause(pause, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Pause(int number) =>
        TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(number, 8)));

    // An earlier try may have been applied and the last could not tell: the honest answer is
    // "unknown", never "unavailable", which says the write did not happen.
    private static ClientErrorException Unknown(ClientErrorException last, string requestId) =>
        new(ClientError.FromServer(
            ErrorCodes.OutcomeUnknown,
            $"outcome unknown: an earlier try may have been applied and the last failed ({last.Error.Message}); retry with the same --request-id {requestId}"),
            last);
}
