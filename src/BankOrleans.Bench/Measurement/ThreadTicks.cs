namespace BankOrleans.Bench.Measurement;

/// <summary>One running thread of a process, as <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/stat</c> shows it: its id, its name and its CPU ticks.</summary>
public sealed record ThreadTicks(int Tid, string Name, long Ticks);
