namespace BankOrleans.ClusterControl;

/// <summary>The end of a log file, as <c>tail -n</c> shows it.</summary>
public static class FileTail
{
    /// <summary>The last <paramref name="count"/> lines of <paramref name="file"/> (none if it is unreadable).</summary>
    public static IEnumerable<string> Last(string file, int count)
    {
        try
        {
            var text = File.ReadAllText(file);
            if (text.Length == 0)
            {
                return [];
            }

            var lines = text.Split('\n');
            // A final newline ends the last line; it does not start another.
            if (text.EndsWith('\n'))
            {
                lines = lines[..^1];
            }

            return lines.TakeLast(count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
