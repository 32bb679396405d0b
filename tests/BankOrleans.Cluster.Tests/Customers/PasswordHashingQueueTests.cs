using BankOrleans.Grains.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Cluster.Tests.Customers;

/// <summary>The silo's own password-hashing threads and their bounded queue.</summary>
public sealed class PasswordHashingQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // A clock that stands still unless a test moves it: a stalled machine cannot make a hash wait too long.
    private static PasswordHashingQueue Queue(int threads, int waiting, TimeProvider? time = null) =>
        new(Options.Create(new SecurityOptions { PasswordHashingThreads = threads, PasswordHashingQueue = waiting }), time ?? new FakeTimeProvider());

    // Queues work that holds the queue's one thread until release is set, and waits until it runs.
    private static Task<int> Occupy(PasswordHashingQueue queue, ManualResetEventSlim release)
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(queue.TryRun(() => { running.SetResult(); release.Wait(Bound); return 1; }, out var held));
        Assert.True(running.Task.Wait(Bound));
        return held;
    }

    [Fact]
    public async Task Hashing_runs_on_the_silos_own_threads_not_the_thread_pool()
    {
        using var queue = Queue(threads: 1, waiting: 4);

        Assert.True(queue.TryRun(() => (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name), out var ran));

        Assert.Equal((false, "password-hashing-1"), await ran.WaitAsync(Bound));
    }

    [Fact]
    public async Task Past_the_bound_a_request_is_refused_at_once_and_the_waiting_ones_still_run()
    {
        using var queue = Queue(threads: 1, waiting: 2);
        using var release = new ManualResetEventSlim();
        var first = Occupy(queue, release);

        Assert.True(queue.TryRun(() => 2, out var second));
        Assert.True(queue.TryRun(() => 3, out var third));
        var refusedRan = false;
        Assert.False(queue.TryRun(() => refusedRan = true, out var refused));
        Assert.Null(refused);

        release.Set();
        var results = await Task.WhenAll(first, second, third).WaitAsync(Bound);
        Assert.Equal([1, 2, 3], results);
        Assert.False(refusedRan);
        Assert.True(queue.TryRun(() => 4, out var afterwards));
        Assert.Equal(4, await afterwards.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_failing_hash_fails_its_caller_only()
    {
        using var queue = Queue(threads: 1, waiting: 4);

        Assert.True(queue.TryRun<int>(() => throw new InvalidOperationException("bad record"), out var failing));
        Assert.True(queue.TryRun(() => 5, out var next));

        Assert.Equal("bad record", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Bound))).Message);
        Assert.Equal(5, await next.WaitAsync(Bound));
    }

    [Fact]
    public async Task Stopping_fails_the_waiting_hashes_at_once_and_lets_the_running_one_finish()
    {
        var queue = Queue(threads: 1, waiting: 4);
        using var release = new ManualResetEventSlim();
        var first = Occupy(queue, release);
        var waitingRan = false;
        Assert.True(queue.TryRun(() => waitingRan = true, out var second));
        Assert.True(queue.TryRun(() => waitingRan = true, out var third));

        var stopping = Task.Run(queue.Dispose);

        // The waiting callers get their answer while the running hash still holds its thread.
        await Assert.ThrowsAsync<ObjectDisposedException>(() => second.WaitAsync(Bound));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => third.WaitAsync(Bound));
        Assert.False(stopping.IsCompleted);
        release.Set();
        await stopping.WaitAsync(Bound);
        Assert.Equal(1, await first.WaitAsync(Bound));
        Assert.False(waitingRan);
    }

    [Fact]
    public async Task A_hash_that_waited_longer_than_the_limit_fails_as_busy_and_does_not_run()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(threads: 1, waiting: 4, time);
        using var release = new ManualResetEventSlim();
        var first = Occupy(queue, release);
        var staleRan = false;
        Assert.True(queue.TryRun(() => staleRan = true, out var stale));

        // It waited past the limit (4 s by default) behind the running hash; one queued after still runs.
        time.Advance(new SecurityOptions().PasswordHashingMaxWait + TimeSpan.FromMilliseconds(1));
        Assert.True(queue.TryRun(() => 3, out var fresh));
        release.Set();

        Assert.Equal(1, await first.WaitAsync(Bound));
        var busy = await Assert.ThrowsAsync<PasswordHashingBusyException>(() => stale.WaitAsync(Bound));
        Assert.Equal(PasswordHashingQueue.BusyMessage, busy.Message);
        Assert.False(staleRan);
        Assert.Equal(3, await fresh.WaitAsync(Bound));
    }

    [Fact]
    public async Task Run_answers_not_done_for_a_full_queue_a_stale_hash_and_a_stopping_silo_and_rethrows_the_works_own_failure()
    {
        var time = new FakeTimeProvider();
        var queue = Queue(threads: 1, waiting: 1, time);
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Assert.Equal((true, 7), await queue.RunAsync(() => 7).WaitAsync(Bound));
        await Assert.ThrowsAsync<FormatException>(() => queue.RunAsync<int>(() => throw new FormatException()).WaitAsync(Bound));

        var first = queue.RunAsync(() => { running.Set(); release.Wait(Bound); return 1; });
        Assert.True(running.Wait(Bound));
        var stale = queue.RunAsync(() => 2);
        Assert.Equal((false, 0), await queue.RunAsync(() => 3).WaitAsync(Bound)); // the queue is full
        time.Advance(new SecurityOptions().PasswordHashingMaxWait + TimeSpan.FromMilliseconds(1));
        release.Set();
        Assert.Equal((true, 1), await first.WaitAsync(Bound));
        Assert.Equal((false, 0), await stale.WaitAsync(Bound));

        running.Reset();
        release.Reset();
        var holding = queue.RunAsync(() => { running.Set(); release.Wait(Bound); return 4; });
        Assert.True(running.Wait(Bound));
        var abandoned = queue.RunAsync(() => 5);
        var stopping = Task.Run(queue.Dispose);
        Assert.Equal((false, 0), await abandoned.WaitAsync(Bound));
        release.Set();
        await stopping.WaitAsync(Bound);
        Assert.Equal((true, 4), await holding.WaitAsync(Bound));
        Assert.Equal((false, 0), await queue.RunAsync(() => 6).WaitAsync(Bound));
        queue.Dispose();
    }

    [Fact]
    public void A_stopped_queue_refuses_work()
    {
        var queue = Queue(threads: 2, waiting: 4);
        queue.Dispose();

        Assert.False(queue.TryRun(() => 1, out _));
    }
}
