using System.Text;

namespace BankOrleans.ClusterTool;

/// <summary>Variable assignments for <c>./bank</c> to <c>eval</c> before it execs the client or the bench, each value single-quoted.</summary>
internal sealed class ShellAssignments
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds <c>export NAME='value'</c>.</summary>
    public ShellAssignments Export(string name, string value)
    {
        _text.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
        return this;
    }

    /// <summary>Adds <c>NAME='value'</c> (a variable of the script only).</summary>
    public ShellAssignments Set(string name, string value)
    {
        _text.Append(name).Append('=').Append(Quote(value)).Append('\n');
        return this;
    }

    /// <summary><paramref name="value"/> as one single-quoted shell word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
