using BankOrleans.Grains.Accounts;

namespace BankOrleans.Cluster.Tests.WritePath;

/// <summary>The write leader's bound on writes in flight.</summary>
public sealed class WriteAdmissionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task At_most_the_bound_run_at_once_and_a_waiting_write_starts_when_one_finishes()
    {
        var admission = new WriteAdmission(maxInFlight: 2);
        var writes = Enumerable.Range(0, 3).Select(_ => new HeldWrite()).ToArray();

        var results = writes.Select((w, i) => admission.RunAsync(() => w.RunAsync(i))).ToArray();

        Assert.Equal([true, true, false], writes.Select(w => w.Started.Task.IsCompleted));
        writes[1].Finish.SetResult();
        Assert.Equal(1, await results[1].WaitAsync(Bound));
        await writes[2].Started.Task.WaitAsync(Bound);
        writes[0].Finish.SetResult();
        writes[2].Finish.SetResult();
        var all = await Task.WhenAll(results).WaitAsync(Bound);
        Assert.Equal([0, 1, 2], all);
    }

    [Fact]
    public async Task A_failed_write_frees_its_place()
    {
        var admission = new WriteAdmission(maxInFlight: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => admission.RunAsync<int>(() => throw new InvalidOperationException("refused")));

        Assert.Equal(7, await admission.RunAsync(() => Task.FromResult(7)).WaitAsync(Bound));
    }

    [Fact]
    public void Zero_admits_every_write_at_once()
    {
        var admission = new WriteAdmission(maxInFlight: 0);
        var writes = Enumerable.Range(0, 300).Select(_ => new HeldWrite()).ToArray();

        foreach (var (write, i) in writes.Select((w, i) => (w, i)))
        {
            _ = admission.RunAsync(() => write.RunAsync(i));
        }

        Assert.All(writes, w => Assert.True(w.Started.Task.IsCompleted));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteAdmission(-1));
    }

    private sealed class HeldWrite
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<int> RunAsync(int value)
        {
            Started.SetResult();
            await Finish.Task;
            return value;
        }
    }
}
