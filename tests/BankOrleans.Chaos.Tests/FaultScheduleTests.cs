using BankOrleans.Chaos.Faults;

namespace BankOrleans.Chaos.Tests;

public sealed class FaultScheduleTests
{
    [Theory]
    [InlineData(12, 18, new[] { 0 })]
    [InlineData(12, 12, new[] { 0 })]
    [InlineData(30, 10, new[] { 0, 10, 20 })]
    [InlineData(31, 10, new[] { 0, 10, 20, 30 })]
    public void Steps_start_every_period_strictly_before_the_phase_ends(int durationSeconds, int periodSeconds, int[] expected)
    {
        var offsets = FaultSchedule.StepOffsets(TimeSpan.FromSeconds(durationSeconds), TimeSpan.FromSeconds(periodSeconds));

        Assert.Equal(expected.Select(s => TimeSpan.FromSeconds(s)), offsets);
    }
}
