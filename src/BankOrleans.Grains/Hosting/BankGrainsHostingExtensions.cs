using BankOrleans.Contracts.Security;
using BankOrleans.Grains.Accounts;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Messaging;
using BankOrleans.Grains.Reading;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Grains.Replication;
using BankOrleans.Grains.Security;
using BankOrleans.Grains.Trust;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BankOrleans.Grains.Hosting;

/// <summary>Registers what the bank's grains need in a silo.</summary>
public static class BankGrainsHostingExtensions
{
    // The bank leaves Orleans' collection quantum at its default, and Orleans refuses an age limit not longer than it.
    private static readonly TimeSpan MinimumIdleLifetime = GrainCollectionOptions.DEFAULT_COLLECTION_QUANTUM;

    /// <summary>
    /// Adds the write path's services: protocol timing, transfer policy and security
    /// (<c>Bank:Security</c>, validated at start: a silo without a session key does not start)
    /// bound from <paramref name="configuration"/>, the system clock, the session and operator
    /// checks (<see cref="ISessionValidator"/>, <see cref="IOperatorAuthorizer"/>), the trust boundary
    /// (<see cref="SiloCallStamp"/> on every outgoing call, <see cref="TrustBoundaryFilter"/> on every
    /// incoming one), and this
    /// silo's replica file at <paramref name="replicaFile"/> (opened on first use), stamped on a
    /// master (<paramref name="isMaster"/>) and not on the reader, which votes on nothing.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddBankGrains(
        this ISiloBuilder builder, IConfiguration configuration, Func<IServiceProvider, string> replicaFile, bool isMaster)
    {
        builder.Services.AddOptions<ProtocolTimingOptions>().Bind(configuration.GetSection(ProtocolTimingOptions.SectionName));
        builder.Services.AddOptions<MessageBatchingOptions>()
            .Bind(configuration.GetSection(MessageBatchingOptions.SectionName))
            // Bounded so that a batch always fits in one message (MessageSizeLimits).
            .Validate(o => o.MaxBatch is >= 1 and <= MessageSizeLimits.MaxProtocolBatch,
                $"{MessageBatchingOptions.SectionName}:MaxBatch must be between 1 and {MessageSizeLimits.MaxProtocolBatch}")
            .Validate(o => o.MaxFeedBatch is >= 1 and <= MessageSizeLimits.MaxFeedBatch,
                $"{MessageBatchingOptions.SectionName}:MaxFeedBatch must be between 1 and {MessageSizeLimits.MaxFeedBatch}")
            .ValidateOnStart();
        // Batched or one call per request, decided once for the silo's life.
        builder.Services.AddSingleton<IProtocolTransport>(sp =>
            sp.GetRequiredService<IOptions<MessageBatchingOptions>>().Value.Enabled
                ? ActivatorUtilities.CreateInstance<ProtocolBatcher>(sp)
                : ActivatorUtilities.CreateInstance<DirectProtocolTransport>(sp));
        builder.Services.AddOptions<TransferOptions>().Bind(configuration.GetSection(TransferOptions.SectionName));
        builder.Services.AddOptions<LeaderOptions>()
            .Bind(configuration.GetSection(LeaderOptions.SectionName))
            .Validate(o => o.PreparedCapacity >= 1, $"{LeaderOptions.SectionName}:PreparedCapacity must be at least 1")
            .Validate(o => o.SharedRoundAccounts is >= 0 and <= LeaderOptions.MaxSharedRoundAccounts, $"{LeaderOptions.SectionName}:SharedRoundAccounts must be 0..{LeaderOptions.MaxSharedRoundAccounts}")
            .ValidateOnStart();
        builder.Services.AddOptions<ActivationOptions>()
            .Bind(configuration.GetSection(ActivationOptions.SectionName))
            .Validate(o => o.AccountIdleLifetime > MinimumIdleLifetime,
                $"{ActivationOptions.SectionName}:AccountIdleLifetime must be longer than {MinimumIdleLifetime} (Orleans' collection quantum)")
            .Validate(o => o.DirectoryCacheSize >= 1, $"{ActivationOptions.SectionName}:DirectoryCacheSize must be at least 1")
            .ValidateOnStart();
        builder.Services.AddOptions<GrainCollectionOptions>().Configure<IOptions<ActivationOptions>>((collection, activations) =>
            collection.ClassSpecificCollectionAge[typeof(AccountGrain).FullName!] = activations.Value.AccountIdleLifetime);
        builder.Services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<ActivationOptions>>((directory, activations) =>
            directory.CacheSize = activations.Value.DirectoryCacheSize);
        builder.Services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<PasswordHashingQueue>();
        builder.Services.AddSingleton<UserEpochReader>();
        builder.Services.AddSingleton(sp => new SessionEpochCache(
            new SessionEpochLease(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionLeases), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ISessionValidator, SessionValidator>();
        builder.Services.AddSingleton<IOperatorAuthorizer, OperatorAuthorizer>();
        // The trust boundary: silos stamp their calls, and a call without the stamp reaches only the client surface.
        builder.Services.AddSingleton(sp => SiloCallCredential.FromSessionKey(
            SessionTokens.DecodeKey(sp.GetRequiredService<IOptions<SecurityOptions>>().Value)
            ?? throw new InvalidOperationException("no session key is configured")));
        builder.AddOutgoingGrainCallFilter<SiloCallStamp>();
        builder.AddIncomingGrainCallFilter<TrustBoundaryFilter>();
        builder.Services.AddSingleton(sp => new ReplicaStoreHolder(replicaFile(sp), stamped: isMaster));
        builder.Services.AddOptions<RecoveryOptions>().Bind(configuration.GetSection(RecoveryOptions.SectionName))
            .Validate(
                o => o.InventoryPageSize is >= 1 and <= InventoryPages.MaxPageSize,
                $"{RecoveryOptions.SectionName}:InventoryPageSize must be between 1 and {InventoryPages.MaxPageSize}")
            .Validate(o => o.VerifyPagesPerCall >= 1, $"{RecoveryOptions.SectionName}:VerifyPagesPerCall must be at least 1")
            // At least two heartbeats per bound, or one late heartbeat would stop a healthy reader.
            .Validate(
                o => o.ReaderHeartbeatPeriod > TimeSpan.Zero && o.ReaderMaxStaleness >= 2 * o.ReaderHeartbeatPeriod,
                $"{RecoveryOptions.SectionName}:ReaderHeartbeatPeriod must be positive and ReaderMaxStaleness at least twice as long")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<SiloReadiness>();
        builder.Services.AddSingleton<ReplicaReadiness>();
        builder.Services.AddSingleton<ReadReplica>();
        builder.Services.AddSingleton(sp => new ReaderStaleness(
            sp.GetRequiredService<IOptions<RecoveryOptions>>().Value.ReaderMaxStaleness, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ReaderSessionValidator>();
        builder.Services.AddSingleton(_ => new UnacknowledgedCommits());
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ReaderHeartbeat>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MasterCatchUp>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ReaderCatchUp>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AntiEntropyDriver>();
        builder.Services.AddSingleton<LaggardHints>();
        // Every grain's coordinator comes from here, wired alike.
        builder.Services.AddSingleton(sp => new CoordinatorFactory(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IProtocolTransport>(),
            sp.GetRequiredService<IOptions<ProtocolTimingOptions>>(),
            sp.GetRequiredService<IOptions<LeaderOptions>>(),
            sp.GetRequiredService<LaggardHints>(),
            sp.GetRequiredService<UnacknowledgedCommits>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp =>
        {
            var holder = sp.GetRequiredService<ReplicaStoreHolder>();
            var readiness = sp.GetRequiredService<ReplicaReadiness>();
            return new ReplicaWriter(() => holder.Store, readiness.MarkDamaged);
        });
        return builder;
    }
}
