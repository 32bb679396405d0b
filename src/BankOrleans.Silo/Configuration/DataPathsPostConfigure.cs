using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Resolves <see cref="DataPathsOptions"/> to absolute paths (see its remarks for the precedence).</summary>
public sealed class DataPathsPostConfigure(IConfiguration configuration, IOptions<SiloIdentityOptions> identity)
    : IPostConfigureOptions<DataPathsOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, DataPathsOptions options)
    {
        var fromEnvironment = configuration[DataPathsOptions.DataDirEnvironmentKey];
        var directory = !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment
            : !string.IsNullOrWhiteSpace(options.DataDirectory) ? options.DataDirectory
            : DataPathsOptions.DefaultDataDirectory;
        options.DataDirectory = Path.GetFullPath(directory);

        var siloName = identity.Value.Name;
        options.ReplicaFile = Resolve(options.DataDirectory, options.ReplicaFile, $"{siloName}.db");
        options.MembershipFile = Resolve(options.DataDirectory, options.MembershipFile, "membership.db");
        options.GrainStateFile = Resolve(options.DataDirectory, options.GrainStateFile, $"{siloName}-grainstate.db");
    }

    private static string Resolve(string directory, string file, string defaultFile)
        => Path.GetFullPath(Path.Combine(directory, string.IsNullOrWhiteSpace(file) ? defaultFile : file));
}
