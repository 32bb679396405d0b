using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BankOrleans.Client.Cli;
using Spectre.Console;

namespace BankOrleans.Client.Output;

/// <summary>
/// The one place where commands write their answer. In <c>--json</c> mode every invocation
/// writes exactly one JSON object to standard output — <c>{"ok":true,…}</c> or
/// <c>{"ok":false,"error":"&lt;code&gt;","message":"…"}</c> — and nothing else; otherwise
/// results are rendered for a human on standard output and errors go to standard error as
/// one line.
/// </summary>
public sealed class CommandOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // The output is read by scripts and terminals, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private readonly IAnsiConsole _out;
    private readonly IAnsiConsole _error;
    private bool _written;

    /// <summary>Creates the output for one invocation.</summary>
    /// <param name="standardOutput">Where results (and JSON errors) go.</param>
    /// <param name="standardError">Where human-readable errors go.</param>
    /// <param name="json">Whether the user asked for <c>--json</c>.</param>
    public CommandOutput(IAnsiConsole standardOutput, IAnsiConsole standardError, bool json)
    {
        _out = standardOutput;
        _error = standardError;
        Json = json;
    }

    /// <summary>Whether answers are written as one JSON object.</summary>
    public bool Json { get; }

    /// <summary>The console for progress display (spinners); never used in JSON mode.</summary>
    public IAnsiConsole Console => _out;

    /// <summary>
    /// Reports success: in JSON mode writes <c>{"ok":true}</c> merged with <paramref name="fields"/>,
    /// otherwise calls <paramref name="render"/>.
    /// </summary>
    /// <returns><see cref="ExitCodes.Ok"/>.</returns>
    public int Success(JsonObject fields, Action<IAnsiConsole> render)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(render);
        if (Json)
        {
            var answer = new JsonObject { ["ok"] = true };
            foreach (var (name, value) in fields.ToList())
            {
                fields.Remove(name);
                answer[name] = value;
            }

            WriteJson(answer);
        }
        else
        {
            MarkWritten();
            render(_out);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Reports <paramref name="error"/> and returns the exit code it maps to.</summary>
    public int Failure(ClientError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Json)
        {
            WriteJson(new JsonObject
            {
                ["ok"] = false,
                ["error"] = error.Code,
                ["message"] = error.Message,
            });
        }
        else
        {
            MarkWritten();
            // The label goes through Spectre (red where the terminal renders colour); the message
            // through the raw writer so that Spectre never wraps it: it stays one line for scripts.
            _error.Markup("[red]error:[/]");
            var writer = _error.Profile.Out.Writer;
            writer.Write($" {error.Message}\n");
            writer.Flush();
        }

        return error.ExitCode;
    }

    /// <summary>Writes a hint line to standard error (human mode only).</summary>
    public void Hint(string text)
    {
        if (!Json)
        {
            var writer = _error.Profile.Out.Writer;
            writer.Write(text + "\n");
            writer.Flush();
        }
    }

    private void WriteJson(JsonObject answer)
    {
        MarkWritten();
        // Written to the raw writer: Spectre must neither wrap nor interpret the text.
        var writer = _out.Profile.Out.Writer;
        writer.Write(answer.ToJsonString(JsonOptions));
        writer.Write('\n');
        writer.Flush();
    }

    private void MarkWritten()
    {
        // One answer per invocation is the contract; a second one is a client bug.
        if (_written)
        {
            throw new InvalidOperationException("A command tried to write a second answer.");
        }

        _written = true;
    }
}
