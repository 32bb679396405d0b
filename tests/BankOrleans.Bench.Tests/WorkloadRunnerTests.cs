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
}
