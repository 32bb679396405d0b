using BankOrleans.Silo.Configuration;
using BankOrleans.Silo.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// Applies Orleans' PostgreSQL clustering script (once per database) in the first silo
/// lifecycle stage, before the membership table is initialized. PostgreSQL that is not
/// reachable yet is retried for <see cref="ConnectDeadline"/>; then the silo refuses to start
/// with a message that names the setting but never the connection string.
/// </summary>
internal sealed partial class PostgresClusteringInitializer(
    IOptions<MembershipStoreOptions> store, ILogger<PostgresClusteringInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long to wait for PostgreSQL to accept connections.</summary>
    public static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(30);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresClusteringInitializer), ServiceLifecycleStage.First, EnsureSchemaAsync);

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ConnectDeadline;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await PostgresOrleansSchema.EnsureClusteringSchemaAsync(store.Value.ConnectionString, cancellationToken).ConfigureAwait(false);
                LogSchemaReady(logger, created ? "created" : "already present");
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                // Only the exception type: Npgsql messages can quote the host and user.
                LogWaiting(logger, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                throw new SiloStartupException(
                    $"cannot reach the PostgreSQL membership database of {MembershipStoreOptions.SectionName}:ConnectionString " +
                    $"within {ConnectDeadline.TotalSeconds:0} s ({ex.GetType().Name}: {Describe(ex)}).");
            }
        }
    }

    // PostgreSQL server errors carry a SQLSTATE and a message about the statement; connection
    // errors from Npgsql may quote the host, so only their type is shown.
    private static string Describe(Exception ex) => ex is PostgresException pg ? $"{pg.SqlState} {pg.MessageText}" : "connection failed";

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL membership schema {Result}.")]
    private static partial void LogSchemaReady(ILogger logger, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL membership database not reachable yet (attempt {Attempt}, {Error}); retrying.")]
    private static partial void LogWaiting(ILogger logger, int attempt, string error);
}
