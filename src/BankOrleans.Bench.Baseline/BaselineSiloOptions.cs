using System.Globalization;

namespace BankOrleans.Bench.Baseline;

/// <summary>
/// What one baseline silo process is told on its command line:
/// <c>--index I --silos N --silo-port P --gateway-port G --primary-port Q --storage sqlite|memory --data DIR</c>.
/// Every silo listens on 127.0.0.1 only.
/// </summary>
public sealed record BaselineSiloOptions(int Index, int SiloPort, int GatewayPort, int PrimaryPort, BaselineStorageKind Storage, string DataDirectory)
{
    /// <summary>The Orleans cluster id of the baseline peer (distinct from the bank's).</summary>
    public const string ClusterId = "bank-bench-baseline";

    /// <summary>The Orleans service id of the baseline peer.</summary>
    public const string ServiceId = "bank-bench-baseline";

    /// <summary>This silo's SQLite file (durable storage only).</summary>
    public string StorageFile => Path.Combine(DataDirectory, $"baseline-silo-{Index}.db");

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> on anything missing or malformed.</summary>
    public static BaselineSiloOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) =>
            values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing --{name}");
        int Port(string name) =>
            int.TryParse(Required(name), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new ArgumentException($"--{name} must be a port number");

        var storage = Required("storage") switch
        {
            "sqlite" => BaselineStorageKind.Sqlite,
            "memory" => BaselineStorageKind.Memory,
            var other => throw new ArgumentException($"--storage must be sqlite or memory, not '{other}'"),
        };
        var index = int.TryParse(Required("index"), NumberStyles.None, CultureInfo.InvariantCulture, out var i2)
            ? i2
            : throw new ArgumentException("--index must be a number");
        return new BaselineSiloOptions(index, Port("silo-port"), Port("gateway-port"), Port("primary-port"), storage, Required("data"));
    }
}
