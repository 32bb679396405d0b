using System.Diagnostics;

namespace BankOrleans.Chaos;

/// <summary>Time-stamped progress lines of one run (relative to its start), kept and optionally echoed.</summary>
internal sealed class ChaosLog(TextWriter? echo)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _lines = [];

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<string> Lines { get { lock (_lines) { return [.. _lines]; } } }

    public void Line(string text)
    {
        var line = $"[{_clock.Elapsed.TotalSeconds,7:0.0}s] {text}";
        lock (_lines)
        {
            _lines.Add(line);
            echo?.WriteLine(line);
        }
    }
}
