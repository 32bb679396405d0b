using BankOrleans.Client.Cli;
using BankOrleans.Client.Connection;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Client.Tests;

/// <summary>
/// The client's failover loop without a cluster: scripted tries on a fake clock. Each try's
/// connection and call are fakes that say what a real one would have said.
/// </summary>
public sealed class FailoverLoopTests
{
    private const string RequestId = "req-1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _time = new();
    private readonly List<FailoverAttempt> _attempts = [];
    private readonly DateTimeOffset _start;

    public FailoverLoopTests() => _start = _time.GetUtcNow();

    [Fact]
    public async Task A_write_whose_silo_died_under_it_commits_on_the_next_try_with_the_same_request_id()
    {
        var sentIds = new List<string>();

        var answer = await RunAsync(RequestId, attempt =>
        {
            sentIds.Add(RequestId);
            return attempt.Number == 0 ? throw SiloDied() : "committed";
        });

        Assert.Equal("committed", answer);
        Assert.Equal([RequestId, RequestId], sentIds);
        Assert.Equal([0, 1], _attempts.Select(a => a.Number));
    }

    [Fact]
    public async Task Outcome_unknown_is_retried_and_the_retry_answer_is_the_answer()
    {
        var answer = await RunAsync(RequestId, attempt => attempt.Number switch
        {
            0 => throw Error(ClientError.FromServer("outcome_unknown", "outcome unknown (TimeoutException from the write leader)")),
            1 => throw Error(ClientError.Unavailable("unavailable: no majority of masters answered")),
            _ => "committed",
        });

        Assert.Equal("committed", answer);
        Assert.Equal(3, _attempts.Count);
    }

    [Fact]
    public async Task A_gateway_that_cannot_be_reached_is_followed_by_another_try()
    {
        var answer = await RunAsync(RequestId, attempt => "committed", connectFails: attempt => attempt.Number == 0);

        Assert.Equal("committed", answer);
        Assert.Equal([0, 1], _attempts.Select(a => a.Number));
    }

    [Theory]
    [InlineData("insufficient_funds")]
    [InlineData("invalid_account")]
    [InlineData("not_authorized")]
    [InlineData("bad_credentials")]
    [InlineData("user_exists")]
    [InlineData("bad_input")]
    public async Task A_rejection_is_answered_at_once_and_never_retried(string code)
    {
        var failure = await Assert.ThrowsAsync<ClientErrorException>(() =>
            RunAsync(RequestId, _ => throw Error(ClientError.FromServer(code, "refused"))));

        Assert.Equal(code, failure.Error.Code);
        Assert.Single(_attempts);
    }

    [Fact]
    public async Task A_failure_marked_final_is_not_retried()
    {
        var failure = await Assert.ThrowsAsync<ClientErrorException>(() =>
            RunAsync(RequestId, _ => "never", connectFails: _ => true, connectFailure: () =>
                new ClientErrorException(ClientError.Unavailable("no cluster CA certificate")) { Final = true }));

        Assert.Equal("unavailable", failure.Error.Code);
        Assert.Single(_attempts);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_unavailable_once_the_bound_is_spent_and_no_try_starts_after_it()
    {
        var failure = await Assert.ThrowsAsync<ClientErrorException>(() =>
            RunAsync(RequestId, _ => "never", connectFails: _ => true));

        Assert.Equal("unavailable", failure.Error.Code);
        Assert.True(_attempts.Count > 2);
        Assert.All(_attempts, attempt => Assert.True(attempt.Remaining > TimeSpan.Zero));
        Assert.True(_time.GetUtcNow() - _start <= Bound);
    }

    [Fact]
    public async Task A_write_that_may_have_been_applied_is_outcome_unknown_past_the_bound_not_unavailable()
    {
        // The first try's connection died after the write was sent; every later try finds no gateway.
        var failure = await Assert.ThrowsAsync<ClientErrorException>(() =>
            RunAsync(RequestId, _ => throw SiloDied(), connectFails: attempt => attempt.Number > 0));

        Assert.Equal("outcome_unknown", failure.Error.Code);
        Assert.Contains(RequestId, failure.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_that_keeps_failing_is_unavailable_past_the_bound()
    {
        var failure = await Assert.ThrowsAsync<ClientErrorException>(() =>
            RunAsync(requestId: null, _ => throw SiloDied()));

        Assert.Equal("unavailable", failure.Error.Code);
        Assert.True(_attempts.Count > 2);
    }

    [Fact]
    public async Task A_slow_try_gets_only_what_is_left_of_the_bound()
    {
        await Assert.ThrowsAsync<ClientErrorException>(() => RunAsync(RequestId, _ =>
        {
            _time.Advance(TimeSpan.FromSeconds(6));
            throw Error(ClientError.FromServer("outcome_unknown", "no answer in time"));
        }));

        // 15 s; 15 - 6 - 0.2 (first pause); 8.8 - 6 - 0.4 (second pause); then 2.4 - 6 < 0: no fourth try.
        Assert.Equal([15_000, 8_800, 2_400], _attempts.Select(a => a.Remaining.TotalMilliseconds));
    }

    [Fact]
    public async Task No_try_starts_too_short_to_hear_the_cluster_so_a_write_it_refused_stays_unavailable()
    {
        // The cluster takes 4 s to refuse (two masters down); a try with less left times out.
        var failure = await Assert.ThrowsAsync<ClientErrorException>(() => RunAsync(
            RequestId,
            attempt =>
            {
                if (attempt.Remaining < TimeSpan.FromSeconds(4))
                {
                    _time.Advance(attempt.Remaining);
                    throw Error(ClientError.FromServer("outcome_unknown", "no answer in time"));
                }

                _time.Advance(TimeSpan.FromSeconds(4));
                throw Error(ClientError.Unavailable("unavailable: no majority of masters answered"));
            },
            minimumTry: TimeSpan.FromSeconds(5)));

        // 15 s; 15 - 4 - 0.2; 10.8 - 4 - 0.4; then 6.4 - 4 - 0.8 = 1.6 < 5: no fourth try.
        Assert.Equal("unavailable", failure.Error.Code);
        Assert.Equal([15_000, 10_800, 6_400], _attempts.Select(a => a.Remaining.TotalMilliseconds));
    }

    [Fact]
    public async Task With_no_bound_there_is_exactly_one_try()
    {
        var loop = new FailoverLoop(TimeSpan.Zero, _time, Pause);

        await Assert.ThrowsAsync<ClientErrorException>(() => loop.RunAsync(
            (attempt, _) => { _attempts.Add(attempt); return Task.FromResult(new FakeConnection()); },
            (FakeConnection _, CancellationToken _) => Task.FromException<string>(SiloDied()),
            RequestId,
            CancellationToken.None));

        Assert.Single(_attempts);
        Assert.Equal(TimeSpan.MaxValue, _attempts[0].Remaining);
    }

    [Fact]
    public void Each_try_starts_on_the_next_gateway()
    {
        GatewayAddress[] gateways = [new("127.0.0.1", 1), new("127.0.0.1", 2), new("127.0.0.1", 3)];

        Assert.Equal([2, 3, 1], CommandContext.Rotated(gateways, 1).Select(g => g.Port));
        Assert.Equal([3, 1, 2], CommandContext.Rotated(gateways, 5).Select(g => g.Port));
    }

    private Task<string> RunAsync(
        string? requestId,
        Func<FailoverAttempt, string> call,
        Func<FailoverAttempt, bool>? connectFails = null,
        Func<ClientErrorException>? connectFailure = null,
        TimeSpan minimumTry = default)
    {
        var loop = new FailoverLoop(Bound, _time, Pause) { MinimumTry = minimumTry };
        return loop.RunAsync(
            (attempt, _) =>
            {
                _attempts.Add(attempt);
                return connectFails?.Invoke(attempt) == true
                    ? Task.FromException<FakeConnection>(connectFailure?.Invoke() ?? new ClientErrorException(ClientError.Unavailable("cannot reach the bank cluster")))
                    : Task.FromResult(new FakeConnection());
            },
            (_, _) =>
            {
                try
                {
                    return Task.FromResult(call(_attempts[^1]));
                }
                catch (ClientErrorException exception)
                {
                    return Task.FromException<string>(exception);
                }
            },
            requestId,
            CancellationToken.None);
    }

    // The pause between tries moves the fake clock instead of waiting.
    private Task Pause(TimeSpan delay, CancellationToken _)
    {
        _time.Advance(delay);
        return Task.CompletedTask;
    }

    private static ClientErrorException Error(ClientError error) => new(error);

    // What BankService makes of an Orleans transport failure after the call was sent.
    private static ClientErrorException SiloDied() =>
        new(ClientError.Unavailable("the cluster could not serve the request: silo unavailable"), new Orleans.Runtime.SiloUnavailableException());

    private sealed class FakeConnection : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
