using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class SiloPeakMemoryTests
{
    [Fact]
    public void VmHWM_is_read_in_kilobytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";

        Assert.Equal(123_456, SiloPeakMemory.ParseVmHwm(status));
        Assert.Equal(120.6, new SiloMemory("master-1", 1, 123_456).PeakRssMegabytes);
    }

    [Fact]
    public void Growth_per_account_is_the_peak_above_the_resident_memory_before_funding()
    {
        const string status = "Name:\tdotnet\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";

        Assert.Equal(100_000, SiloPeakMemory.ParseKilobytes(status, "VmRSS:"));
        Assert.Equal(2_048, new SiloMemory("master-1", 1, 300_000, 100_000, 100_000).GrowthBytesPerAccount);
        Assert.Null(new SiloMemory("master-1", 1, 300_000).GrowthBytesPerAccount);
        Assert.Equal(0, new SiloMemory("master-1", 1, 90_000, 100_000, 10).GrowthBytesPerAccount);
    }

    [Fact]
    public void Kept_per_account_is_the_resident_memory_after_funding_above_that_before()
    {
        Assert.Equal(1_024, new SiloMemory("master-1", 1, 300_000, 100_000, 100_000, RssAfterFundingKilobytes: 200_000).KeptBytesPerAccount);
        Assert.Null(new SiloMemory("master-1", 1, 300_000, 100_000, 100_000).KeptBytesPerAccount);
        Assert.Null(new SiloMemory("master-1", 1, 300_000, null, 100_000, RssAfterFundingKilobytes: 200_000).KeptBytesPerAccount);
        Assert.Equal(0, new SiloMemory("master-1", 1, 300_000, 100_000, 10, RssAfterFundingKilobytes: 90_000).KeptBytesPerAccount);
    }

    [Fact]
    public void Missing_VmHWM_is_null()
    {
        Assert.Null(SiloPeakMemory.ParseVmHwm("Name:\tkthreadd\n"));
    }

    [Fact]
    public void This_process_has_a_peak()
    {
        Assert.True(SiloPeakMemory.ReadPeakRssKilobytes(Environment.ProcessId) > 0);
    }

    [Fact]
    public void Silos_are_found_from_the_pid_files()
    {
        var directory = Directory.CreateTempSubdirectory("bench-pids-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "pids"));
            File.WriteAllText(Path.Combine(directory.FullName, "pids", "master-1.pid"), $"{Environment.ProcessId}\n");

            var silo = Assert.Single(SiloPeakMemory.ForBankSilos(directory.FullName));

            Assert.Equal("master-1", silo.Name);
            Assert.Equal(Environment.ProcessId, silo.Pid);
            Assert.NotNull(silo.PeakRssKilobytes);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
