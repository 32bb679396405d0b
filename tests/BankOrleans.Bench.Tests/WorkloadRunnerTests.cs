using BankOrleans.Bench.Workload;

namespace BankOrleans.Bench.Tests;

public sealed class WorkloadRunnerTests
{
    [Fact]
    public void Worker_seeds_are_stable_across_processes_and_distinct_per_worker()
    {
        Assert.Equal(WorkloadRunner.WorkerSeed(1, 0, 5), WorkloadRunner.WorkerSeed(1, 0, 5));
        Assert.Equal(1_000_003 + 5, WorkloadRunner.WorkerSeed(1, 0, 5));
        Assert.NotEqual(WorkloadRunner.WorkerSeed(1, 0, 5), WorkloadRunner.WorkerSeed(1, 0, 6));
        Assert.NotEqual(WorkloadRunner.WorkerSeed(1, 0, 5), WorkloadRunner.WorkerSeed(1, 1, 5));
    }

    [Theory]
    [InlineData(20, 4)]
    [InlineData(21, 4)]
    [InlineData(8, 4)]
    public void Each_worker_moves_money_between_two_distinct_accounts_of_its_own(int accounts, int workers)
    {
        var random = new Random(3);
        for (var worker = 0; worker < workers; worker++)
        {
            for (var i = 0; i < 500; i++)
            {
                var (from, to) = WorkloadRunner.PickPair(random, accounts, workers, worker);
                Assert.NotEqual(from, to);
                Assert.InRange(from, 0, accounts - 1);
                Assert.InRange(to, 0, accounts - 1);
                Assert.Equal(worker, from % workers);
                Assert.Equal(worker, to % workers);
            }
        }
    }
}
