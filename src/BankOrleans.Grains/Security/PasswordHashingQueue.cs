using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>
/// Runs this silo's password hashing (PBKDF2: a deliberate third of a second of CPU per login or
/// registration) on threads of its own, and bounds how many hashes may wait for them.
/// </summary>
/// <remarks>
/// On the .NET thread pool, which Orleans runs every grain turn and message on, a burst of logins
/// would hold its few threads for seconds: the silo's messaging and its membership probes would
/// stall and its peers could declare it dead. Here a burst costs CPU but no thread-pool thread.
/// Work nobody may still be waiting for is not done: once <see cref="SecurityOptions.PasswordHashingQueue"/>
/// hashes wait, further callers are refused at once (and retry), and a hash that waited longer
/// than <see cref="SecurityOptions.PasswordHashingMaxWait"/> fails with
/// <see cref="PasswordHashingBusyException"/> instead of running.
/// </remarks>
public sealed class PasswordHashingQueue : IDisposable
{
    /// <summary>What a login or registration answers (as <c>unavailable</c>) when its hash was not run: the queue was full, the hash waited too long, or the silo is stopping.</summary>
    public const string BusyMessage = "unavailable: too many logins and registrations in progress on this silo; retry in a moment";

    // A blocking collection, not a channel: its consumers wait on a kernel event, so waking a
    // hashing thread never needs a thread-pool work item (the pool may be the starved part).
    private readonly BlockingCollection<Item> _work;
    private readonly Thread[] _threads;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWait;
    private int _disposed;

    /// <summary>Starts <see cref="SecurityOptions.PasswordHashingThreads"/> hashing threads.</summary>
    public PasswordHashingQueue(IOptions<SecurityOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var security = options.Value;
        _time = time;
        _maxWait = security.PasswordHashingMaxWait;
        _work = new BlockingCollection<Item>(new ConcurrentQueue<Item>(), security.PasswordHashingQueue);
        _threads = Enumerable.Range(1, security.PasswordHashingThreads)
            .Select(i => new Thread(Drain) { IsBackground = true, Name = $"password-hashing-{i}" })
            .ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>
    /// Queues <paramref name="work"/> for a hashing thread. False, with nothing queued, when
    /// <see cref="SecurityOptions.PasswordHashingQueue"/> requests already wait or the silo is
    /// stopping; otherwise <paramref name="result"/> completes with the work's result or exception,
    /// with <see cref="PasswordHashingBusyException"/> if it waited too long to run, or with
    /// <see cref="ObjectDisposedException"/> if the silo stopped before it ran.
    /// </summary>
    public bool TryRun<T>(Func<T> work, [NotNullWhen(true)] out Task<T>? result)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var item = new Item(
            () =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception exception)
                {
                    done.SetException(exception);
                }
            },
            failure => done.TrySetException(failure),
            _time.GetTimestamp());
        bool queued;
        try
        {
            queued = !IsStopping && _work.TryAdd(item);
        }
        catch (InvalidOperationException)
        {
            // Completed for adding: the silo is stopping.
            queued = false;
        }

        if (!queued)
        {
            result = null;
            return false;
        }

        result = done.Task;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a hashing thread (<see cref="TryRun{T}"/>). Done is false,
    /// and the work did not run, when the queue was full, the work waited longer than
    /// <see cref="SecurityOptions.PasswordHashingMaxWait"/> or the silo is stopping: the caller
    /// answers <see cref="BusyMessage"/>. The work's own exceptions are rethrown.
    /// </summary>
    public async Task<(bool Done, T Result)> RunAsync<T>(Func<T> work)
    {
        if (!TryRun(work, out var running))
        {
            return (false, default!);
        }

        try
        {
            return (true, await running.ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is PasswordHashingBusyException or ObjectDisposedException { ObjectName: nameof(PasswordHashingQueue) })
        {
            return (false, default!);
        }
    }

    /// <summary>
    /// Stops the threads. Hashes still waiting fail at once, instead of running or waiting for
    /// the ones in progress, which finish first. Safe to call more than once.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _work.CompleteAdding();
        while (_work.TryTake(out var waiting))
        {
            waiting.Fail(Stopping());
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _work.Dispose();
    }

    private void Drain()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            if (IsStopping)
            {
                item.Fail(Stopping());
            }
            else if (_time.GetElapsedTime(item.Queued) > _maxWait)
            {
                item.Fail(new PasswordHashingBusyException());
            }
            else
            {
                item.Run();
            }
        }
    }

    // Set once, by Dispose; read by callers and the hashing threads.
    private bool IsStopping => Volatile.Read(ref _disposed) != 0;

    private static ObjectDisposedException Stopping() => new(nameof(PasswordHashingQueue), "the silo is stopping");

    // Run completes the caller's task with the work's result; Fail completes it without running the work.
    private sealed record Item(Action Run, Action<Exception> Fail, long Queued);
}
