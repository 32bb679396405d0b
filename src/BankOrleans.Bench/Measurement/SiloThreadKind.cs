namespace BankOrleans.Bench.Measurement;

/// <summary>
/// The kinds of thread the CPU breakdown names, recognised by the names their processes give them
/// (Linux keeps the first 15 characters). Everything else, the thread pool above all (Orleans'
/// messaging and every grain turn) and every thread that ended inside the window, is
/// <see cref="Other"/>.
/// </summary>
public static class SiloThreadKind
{
    /// <summary>A master's <c>replica-writer</c>: its SQLite replica's group commits (the reader applies on grain turns, so in <see cref="Other"/>).</summary>
    public const string ReplicaWriter = "replicaWriter";

    /// <summary>The <c>password-hashing-N</c> threads of a master.</summary>
    public const string PasswordHashing = "passwordHashing";

    /// <summary>The runtime's background GC threads (foreground collections run on the thread that allocated, in <see cref="Other"/>).</summary>
    public const string Gc = "gc";

    /// <summary>The runtime's tiered-compilation thread: the JIT recompiling hot methods.</summary>
    public const string Jit = "jit";

    /// <summary>Every other thread, and threads that ended inside the window.</summary>
    public const string Other = "other";

    /// <summary>Every kind, in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [ReplicaWriter, PasswordHashing, Gc, Jit, Other];

    /// <summary>How the console report names <paramref name="kind"/>.</summary>
    public static string Label(string kind) => kind switch
    {
        ReplicaWriter => "replica writer",
        PasswordHashing => "password hashing",
        Gc => "background GC",
        Jit => "JIT",
        _ => "thread pool and the rest",
    };

    /// <summary>The kind of a thread named <paramref name="name"/> (as in <c>/proc/&lt;pid&gt;/task/&lt;tid&gt;/comm</c>).</summary>
    public static string Of(string name) => name switch
    {
        _ when name.StartsWith("replica-writer", StringComparison.Ordinal) => ReplicaWriter,
        _ when name.StartsWith("password-hashin", StringComparison.Ordinal) => PasswordHashing,
        _ when name.StartsWith(".NET BGC", StringComparison.Ordinal) || name.StartsWith(".NET Server GC", StringComparison.Ordinal) => Gc,
        _ when name.StartsWith(".NET Tiered Com", StringComparison.Ordinal) => Jit,
        _ => Other,
    };
}
