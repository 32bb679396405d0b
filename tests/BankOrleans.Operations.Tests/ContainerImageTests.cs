using System.Text.Json;
using System.Text.RegularExpressions;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// The image as a container platform expects it: Dockerfile, docker-compose.yml and the silos'
/// logging levels, read as files (no Docker engine runs here).
/// </summary>
public sealed partial class ContainerImageTests
{
    private const string SiloUid = "10001";

    private static string[] DockerfileLines() => File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));

    [Fact]
    public void Dockerfile_names_no_frontend_image_to_fetch()
    {
        // A `# syntax=` parser directive makes BuildKit pull a frontend image before building.
        Assert.DoesNotContain(DockerfileLines(), line => SyntaxDirective().IsMatch(line));
    }

    [Fact]
    public void Silo_image_runs_as_uid_10001_not_root()
    {
        var lines = DockerfileLines();
        var runtimeStage = Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        var users = lines.Skip(runtimeStage).Where(line => line.StartsWith("USER ", StringComparison.Ordinal)).ToList();

        var user = Assert.Single(users)["USER ".Length..].Trim();
        Assert.Equal($"{SiloUid}:{SiloUid}", user);
        var entrypoint = Array.FindIndex(lines, line => line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, "USER " + user) < entrypoint, "USER must come before ENTRYPOINT");
    }

    [Fact]
    public void Silo_data_directory_belongs_to_the_silo_user_with_mode_0750()
    {
        var text = string.Join('\n', DockerfileLines());

        Assert.Contains($"useradd --system --uid {SiloUid} --gid {SiloUid}", text, StringComparison.Ordinal);
        Assert.Contains($"chown {SiloUid}:{SiloUid} /data", text, StringComparison.Ordinal);
        Assert.Contains("chmod 0750 /data", text, StringComparison.Ordinal);
        // The ownership must be set before VOLUME: later changes to a volume's path are discarded.
        Assert.True(
            text.IndexOf("chmod 0750 /data", StringComparison.Ordinal) < text.IndexOf("VOLUME [\"/data\"]", StringComparison.Ordinal),
            "/data is prepared before VOLUME");
    }

    [Fact]
    public void Build_stage_has_silo_config_before_publishing()
    {
        // BankOrleans.Topology embeds silo-config/*.json; without them the silo has no topology.
        var lines = DockerfileLines();
        var copy = Array.IndexOf(lines, "COPY silo-config/ silo-config/");
        var publish = Array.FindIndex(lines, line => line.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        var runtimeStage = Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));

        Assert.InRange(copy, 0, publish);
        Assert.True(publish < runtimeStage, "publish runs in the build stage");
    }

    [Fact]
    public void Every_silo_service_joins_the_group_that_owns_the_secrets()
    {
        var services = ComposeFile.Services(ComposeFile.Load());

        foreach (var (name, service) in services.Where(s => s.Key != "postgres"))
        {
            Assert.NotEmpty(ComposeFile.List(service, "secrets"));
            Assert.Equal(["${BANK_SECRETS_GID:-1000}"], ComposeFile.List(service, "group_add"));
            Assert.False(service.ContainsKey("user"), $"{name} must not override the image's user");
        }
    }

    [Fact]
    public void Every_silo_config_keeps_Polly_at_warning_or_above()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "silo-config"), "*.json");
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var levels = json.RootElement.GetProperty("Logging").GetProperty("LogLevel");
            Assert.True(levels.TryGetProperty("Polly", out var polly), $"{Path.GetFileName(file)}: Logging:LogLevel:Polly missing");
            Assert.Contains(polly.GetString(), new[] { "Warning", "Error", "Critical", "None" });
        }
    }

    [GeneratedRegex(@"^\s*#\s*syntax\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SyntaxDirective();
}
