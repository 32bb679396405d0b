using BankOrleans.Silo.Configuration;
using BankOrleans.Silo.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// Creates the data directory and the grain storage schema in the first silo lifecycle stage,
/// before the <c>council</c> storage provider reads its queries.
/// </summary>
internal sealed class SqliteGrainStorageInitializer(IOptions<DataPathsOptions> paths) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteGrainStorageInitializer), ServiceLifecycleStage.First, async cancellationToken =>
        {
            var p = paths.Value;
            // The replica file itself belongs to the storage layer; the silo only guarantees its directory.
            Directory.CreateDirectory(Path.GetDirectoryName(p.ReplicaFile) ?? p.DataDirectory);
            await SqliteOrleansSchema.EnsureGrainStorageSchemaAsync(p.GrainStateFile, cancellationToken).ConfigureAwait(false);
        });
}

/// <summary>
/// Creates or upgrades the shared membership schema in the first silo lifecycle stage, before
/// the membership table is initialized. Safe when all silos start at once.
/// </summary>
internal sealed class SqliteClusteringInitializer(IOptions<DataPathsOptions> paths) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteClusteringInitializer), ServiceLifecycleStage.First, cancellationToken =>
            SqliteOrleansSchema.EnsureClusteringSchemaAsync(paths.Value.MembershipFile, cancellationToken));
}
