namespace BankOrleans.Bench.Workload;

/// <summary>
/// The progress line on standard error: rewritten in place on a terminal, a new line every
/// few seconds otherwise (logs, pipes). Standard output stays clean for <c>--json</c>.
/// </summary>
public sealed class ProgressLine
{
    private static readonly TimeSpan PipeInterval = TimeSpan.FromSeconds(5);
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private DateTime _lastPrinted = DateTime.MinValue;
    private int _lastLength;

    /// <summary>Shows <paramref name="text"/> (throttled when standard error is not a terminal).</summary>
    public void Update(string text)
    {
        if (_terminal)
        {
            var padded = text.Length < _lastLength ? text.PadRight(_lastLength) : text;
            Console.Error.Write("\r" + padded);
            _lastLength = text.Length;
        }
        else if (DateTime.UtcNow - _lastPrinted >= PipeInterval)
        {
            Console.Error.WriteLine(text);
            _lastPrinted = DateTime.UtcNow;
        }
    }

    /// <summary>Ends the line with <paramref name="text"/>, always printed.</summary>
    public void Done(string text)
    {
        if (_terminal)
        {
            Console.Error.Write("\r" + text.PadRight(_lastLength) + Environment.NewLine);
        }
        else
        {
            Console.Error.WriteLine(text);
        }

        _lastLength = 0;
        _lastPrinted = DateTime.MinValue;
    }

    /// <summary>A line of its own (a phase starting).</summary>
    public static void Note(string text) => Console.Error.WriteLine(text);
}
