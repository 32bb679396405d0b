using System.Globalization;
using System.Text.Json;

namespace BankOrleans.Topology;

/// <summary>
/// The bank's topology: three masters and one reader, their names, roles, indexes and ports, and
/// the Orleans cluster and service ids. silo-config/*.json defines it once; this assembly embeds
/// those files and every C# reader (silo, console client, bench, chaos tool, tests) asks
/// <see cref="Local"/>. <c>./bank</c> and docker-compose.yml read the same files.
/// </summary>
public sealed class BankTopology
{
    /// <summary>The address the local cluster's gateways listen on.</summary>
    public const string LocalHost = "127.0.0.1";

    private const string ResourcePrefix = "silo-config/";
    private static readonly Lazy<BankTopology> EmbeddedTopology = new(LoadEmbedded);

    private BankTopology(IReadOnlyList<SiloPlace> silos, string clusterId, string serviceId)
    {
        Silos = silos;
        Masters = [.. silos.Where(s => s.IsMaster)];
        Names = [.. silos.Select(s => s.Name)];
        MasterNames = [.. Masters.Select(s => s.Name)];
        Reader = silos.Single(s => s.Role == SiloRoles.Reader);
        DashboardSilo = silos.Single(s => s.DashboardPort is not null);
        ClusterId = clusterId;
        ServiceId = serviceId;
    }

    /// <summary>The topology of the repository's silo-config/*.json, embedded at build time.</summary>
    /// <exception cref="BankTopologyException">The embedded files do not form the topology (a build of a broken silo-config).</exception>
    public static BankTopology Local => EmbeddedTopology.Value;

    /// <summary>Every silo: the masters by index, then the reader.</summary>
    public IReadOnlyList<SiloPlace> Silos { get; }

    /// <summary>The three masters, by index.</summary>
    public IReadOnlyList<SiloPlace> Masters { get; }

    /// <summary>Every silo's name, in the order of <see cref="Silos"/>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The masters' names, by index.</summary>
    public IReadOnlyList<string> MasterNames { get; }

    /// <summary>The reader.</summary>
    public SiloPlace Reader { get; }

    /// <summary>The one silo that serves the dashboard (has <c>Dashboard:Port</c>).</summary>
    public SiloPlace DashboardSilo { get; }

    /// <summary>The Orleans cluster id (<c>Silo:ClusterId</c>, the same in every file).</summary>
    public string ClusterId { get; }

    /// <summary>The Orleans service id (<c>Silo:ServiceId</c>, the same in every file).</summary>
    public string ServiceId { get; }

    /// <summary>
    /// Reads and validates silo-config files: each file is named for its silo, names and ports are
    /// unique, there are exactly three masters (indexes 1..3, named <c>master-N</c>) and one reader
    /// (named <c>reader</c>), one silo serves the dashboard, and every file has the same cluster and
    /// service ids.
    /// </summary>
    /// <param name="files">Each file's name (e.g. <c>master-1.json</c>) and its JSON text.</param>
    /// <exception cref="BankTopologyException">Anything above does not hold; every fault is listed.</exception>
    public static BankTopology Parse(IEnumerable<(string FileName, string Json)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var faults = new List<string>();
        var silos = new List<SiloPlace>();
        var clusterIds = new HashSet<string>(StringComparer.Ordinal);
        var serviceIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fileName, json) in files)
        {
            if (ParseFile(fileName, json, faults) is { } parsed)
            {
                silos.Add(parsed.Place);
                clusterIds.Add(parsed.ClusterId);
                serviceIds.Add(parsed.ServiceId);
            }
        }

        CheckWhole(silos, faults);
        if (clusterIds.Count > 1)
        {
            faults.Add($"Silo:ClusterId differs between files ({string.Join(", ", clusterIds.Order(StringComparer.Ordinal))})");
        }

        if (serviceIds.Count > 1)
        {
            faults.Add($"Silo:ServiceId differs between files ({string.Join(", ", serviceIds.Order(StringComparer.Ordinal))})");
        }

        if (faults.Count > 0)
        {
            throw new BankTopologyException(faults);
        }

        var ordered = silos.OrderBy(s => s.IsMaster ? 0 : 1).ThenBy(s => s.Index).ToList();
        return new BankTopology(ordered, clusterIds.Single(), serviceIds.Single());
    }

    /// <summary>Reads and validates every <c>*.json</c> in <paramref name="directory"/> (see <see cref="Parse"/>).</summary>
    /// <exception cref="BankTopologyException">The files do not form the topology.</exception>
    public static BankTopology LoadDirectory(string directory) =>
        Parse(Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))));

    /// <summary>The silo named <paramref name="name"/>, or null if no file defines it.</summary>
    public SiloPlace? Find(string? name) => Silos.FirstOrDefault(s => s.Name == name);

    /// <summary>The silo named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No silo-config file defines it.</exception>
    public SiloPlace Get(string name) =>
        Find(name) ?? throw new ArgumentException($"no silo named '{name}' (silos: {string.Join(", ", Silos.Select(s => s.Name))})", nameof(name));

    /// <summary>The role of the silo named <paramref name="name"/>, or <see cref="SiloRoles.Unknown"/>.</summary>
    public string RoleOf(string? name) => Find(name)?.Role ?? SiloRoles.Unknown;

    /// <summary>The gateways of the local cluster, <c>127.0.0.1:port</c>, every port shifted by <paramref name="portOffset"/>.</summary>
    public IReadOnlyList<string> LocalGateways(int portOffset = 0) =>
        [.. Silos.Select(s => string.Create(CultureInfo.InvariantCulture, $"{LocalHost}:{s.GatewayPort + portOffset}"))];

    private static BankTopology LoadEmbedded()
    {
        var assembly = typeof(BankTopology).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return (name[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .ToList();
        return Parse(files);
    }

    private static (SiloPlace Place, string ClusterId, string ServiceId)? ParseFile(string fileName, string json, List<string> faults)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            faults.Add($"{fileName}: not JSON ({ex.Message})");
            return null;
        }

        using (document)
        {
            var before = faults.Count;
            var root = document.RootElement;
            var name = Text(root, "Silo", "Name", fileName, faults);
            var role = Text(root, "Silo", "Role", fileName, faults);
            var clusterId = Text(root, "Silo", "ClusterId", fileName, faults);
            var serviceId = Text(root, "Silo", "ServiceId", fileName, faults);
            var index = Number(root, "Silo", "Index", fileName, faults, required: false) ?? 0;
            var siloPort = Port(root, "Silo", "SiloPort", fileName, faults, required: true);
            var gatewayPort = Port(root, "Silo", "GatewayPort", fileName, faults, required: true);
            var healthPort = Port(root, "Health", "Port", fileName, faults, required: true);
            var dashboardPort = Port(root, "Dashboard", "Port", fileName, faults, required: false);
            if (faults.Count > before)
            {
                return null;
            }

            if (fileName != name + ".json")
            {
                faults.Add($"{fileName}: Silo:Name is '{name}', so the file must be {name}.json");
            }

            if (role == SiloRoles.Master)
            {
                if (index is < 1 or > 3)
                {
                    faults.Add($"{fileName}: Silo:Index must be 1, 2 or 3 for a master (was {index})");
                }
                else if (name != MasterName(index))
                {
                    faults.Add($"{fileName}: Silo:Name must be '{MasterName(index)}' for master index {index} (was '{name}')");
                }
            }
            else if (role == SiloRoles.Reader)
            {
                if (name != SiloRoles.Reader)
                {
                    faults.Add($"{fileName}: Silo:Name must be '{SiloRoles.Reader}' for the reader (was '{name}')");
                }

                if (index != 0)
                {
                    faults.Add($"{fileName}: Silo:Index must be absent or 0 for the reader (was {index})");
                }
            }
            else
            {
                faults.Add($"{fileName}: Silo:Role must be '{SiloRoles.Master}' or '{SiloRoles.Reader}' (was '{role}')");
            }

            return (new SiloPlace(name!, role!, index, siloPort!.Value, gatewayPort!.Value, healthPort!.Value, dashboardPort), clusterId!, serviceId!);
        }
    }

    private static void CheckWhole(List<SiloPlace> silos, List<string> faults)
    {
        foreach (var name in silos.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            faults.Add($"silo name '{name.Key}' is defined {name.Count()} times");
        }

        var ports = silos
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => new (string Name, string Setting, int? Port)[]
            {
                (s.Name, "Silo:SiloPort", s.SiloPort),
                (s.Name, "Silo:GatewayPort", s.GatewayPort),
                (s.Name, "Health:Port", s.HealthPort),
                (s.Name, "Dashboard:Port", s.DashboardPort),
            })
            .Where(p => p.Port is not null);
        foreach (var port in ports.GroupBy(p => p.Port!.Value).Where(g => g.Count() > 1))
        {
            faults.Add($"port {port.Key} is used more than once ({string.Join(", ", port.Select(p => $"{p.Name} {p.Setting}"))})");
        }

        var masters = silos.Count(s => s.Role == SiloRoles.Master);
        if (masters != 3)
        {
            faults.Add($"there must be exactly three masters (found {masters})");
        }

        var readers = silos.Count(s => s.Role == SiloRoles.Reader);
        if (readers != 1)
        {
            faults.Add($"there must be exactly one reader (found {readers})");
        }

        var dashboards = silos.Count(s => s.DashboardPort is not null);
        if (dashboards != 1)
        {
            faults.Add($"exactly one silo must have Dashboard:Port (found {dashboards})");
        }
    }

    private static string MasterName(int index) => "master-" + index.ToString(CultureInfo.InvariantCulture);

    private static string? Text(JsonElement root, string section, string key, string fileName, List<string> faults)
    {
        if (Value(root, section, key) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        faults.Add($"{fileName}: {section}:{key} is missing or not a non-empty string");
        return null;
    }

    private static int? Number(JsonElement root, string section, string key, string fileName, List<string> faults, bool required)
    {
        var value = Value(root, section, key);
        if (value is null)
        {
            if (required)
            {
                faults.Add($"{fileName}: {section}:{key} is missing");
            }

            return null;
        }

        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt32(out var number))
        {
            faults.Add($"{fileName}: {section}:{key} must be a whole number");
            return null;
        }

        return number;
    }

    private static int? Port(JsonElement root, string section, string key, string fileName, List<string> faults, bool required)
    {
        var port = Number(root, section, key, fileName, faults, required);
        if (port is < 1 or > 65535)
        {
            faults.Add($"{fileName}: {section}:{key} must be a port, 1-65535 (was {port})");
            return null;
        }

        return port;
    }

    private static JsonElement? Value(JsonElement root, string section, string key) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty(key, out var v)
            ? v
            : null;
}
