using System.Globalization;
using System.Net;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Silo.Configuration;
using BankOrleans.Silo.Postgres;
using BankOrleans.Silo.Sqlite;
using BankOrleans.Silo.Trust;
using BankOrleans.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization.Configuration;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// Wiring of a bank silo. <see cref="UseBankSilo"/> is the whole process (what
/// <c>Program.cs</c> calls); <see cref="UseBankTopology"/> is the part a TestCluster shares
/// with production: identity, silo metadata, placement, grain storage and timeouts, without
/// endpoints, cluster ids and membership, which the test host supplies.
/// </summary>
public static class BankSiloHostingExtensions
{
    /// <summary>The Orleans grain storage provider name for council epochs (one SQLite file per silo).</summary>
    public const string CouncilStorageName = BankOrleans.Grains.Council.CouncilStorage.Name;

    /// <summary>
    /// Configures a complete bank silo from <paramref name="configuration"/> (sections
    /// <c>Silo</c>, <c>Paths</c>, <c>Membership</c>, <c>Messaging</c>, <c>Dashboard</c>, <c>Bank:Tls</c>):
    /// everything of <see cref="UseBankTopology"/>, plus cluster ids, endpoints, TLS with the
    /// cluster certificate (<see cref="BankClusterTlsHostingExtensions.UseBankClusterTls"/>), membership (SQLite file or
    /// PostgreSQL, per <c>Membership:Provider</c>) and the dashboard's statistics collection.
    /// Invalid settings make the host fail to start with an <see cref="OptionsValidationException"/>
    /// naming each bad setting.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseBankSilo(this ISiloBuilder builder, IConfiguration configuration)
    {
        builder.UseBankTopology(configuration);

        builder.Services.AddOptions<ClusterOptions>().Configure<IOptions<SiloIdentityOptions>>((cluster, identity) =>
        {
            cluster.ClusterId = identity.Value.ClusterId;
            cluster.ServiceId = identity.Value.ServiceId;
        });
        builder.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloIdentityOptions>>((endpoints, identity) =>
        {
            var id = identity.Value;
            endpoints.AdvertisedIPAddress = IPAddress.Parse(id.AdvertisedIPAddress);
            endpoints.SiloPort = id.SiloPort;
            endpoints.GatewayPort = id.GatewayPort;
            var listen = IPAddress.Parse(id.ListenIPAddress);
            endpoints.SiloListeningEndpoint = new IPEndPoint(listen, id.SiloPort);
            endpoints.GatewayListeningEndpoint = new IPEndPoint(listen, id.GatewayPort);
        });

        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, EndpointAvailabilityCheck>();

        // Mutual TLS between silos, TLS on the gateway; the TestCluster (UseBankTopology alone) runs without it.
        builder.UseBankClusterTls(configuration);

        // Every silo collects what the dashboard shows; the silo with Dashboard:Port serves the pages.
        var dashboard = configuration.GetSection(DashboardEndpointOptions.SectionName).Get<DashboardEndpointOptions>() ?? new DashboardEndpointOptions();
        builder.AddDashboard(options =>
        {
            options.HideTrace = true; // the live log stream would bypass the log filters
            options.CounterUpdateIntervalMs = (int)Math.Max(1000, dashboard.CounterUpdateInterval.TotalMilliseconds);
        });

        // The provider decides which services exist, so it is read now; the validator reports a bad value at start.
        builder.Services.AddOptions<MembershipStoreOptions>().Bind(configuration.GetSection(MembershipStoreOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MembershipStoreOptions>, MembershipStoreOptionsValidator>();
        builder.Services.AddSingleton<IPostConfigureOptions<MembershipStoreOptions>, MembershipStorePostConfigure>();
        var provider = configuration[$"{MembershipStoreOptions.SectionName}:{nameof(MembershipStoreOptions.Provider)}"];
        return provider == MembershipStoreOptions.Postgres ? builder.UseBankPostgresClustering() : builder.UseBankSqliteClustering();
    }

    /// <summary>
    /// Configures what makes a silo a bank silo regardless of its transport: binds and
    /// validates the options, names the silo, publishes its role/name/index as silo metadata,
    /// adds the bank placement strategies, the grains' services (<c>AddBankGrains</c>, with this
    /// silo's replica file), the gateway's filter of what clients send (<c>AddClientFrameFilter</c>),
    /// the <c>council</c> grain storage, the failure detection settings, the response timeout, the
    /// message size limits (<see cref="MessageSizeLimits"/>) and the serializer's type allow-list.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseBankTopology(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;

        services.AddBankSiloOptions(configuration);

        // Silo metadata is fixed when the silo is built, so it is read from configuration now;
        // validation still runs at start and stops a silo whose identity is wrong.
        var identity = configuration.GetSection(SiloIdentityOptions.SectionName).Get<SiloIdentityOptions>() ?? new SiloIdentityOptions();
        var metadata = new Dictionary<string, string>
        {
            [BankSiloMetadata.RoleKey] = identity.Role,
            [BankSiloMetadata.NameKey] = identity.Name,
        };
        if (identity.Index > 0)
        {
            metadata[BankSiloMetadata.IndexKey] = identity.Index.ToString(CultureInfo.InvariantCulture);
        }

        builder.UseSiloMetadata(metadata);
        builder.AddActivityPropagation();
        services.TryAddSingleton<SiloReadiness>();
        builder.AddBankPlacement();
        builder.AddBankGrains(
            configuration, sp => sp.GetRequiredService<IOptions<DataPathsOptions>>().Value.ReplicaFile, isMaster: identity.Role == SiloRoles.Master);
        builder.AddClientFrameFilter();

        services.AddOptions<SiloOptions>().Configure<IOptions<SiloIdentityOptions>>((silo, id) => silo.SiloName = id.Value.Name);
        services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<FailureDetectionOptions>>((membership, fd) =>
        {
            var f = fd.Value;
            membership.ProbeTimeout = f.ProbeTimeout;
            membership.NumMissedProbesLimit = f.NumMissedProbesLimit;
            membership.NumVotesForDeathDeclaration = f.NumVotesForDeathDeclaration;
            membership.TableRefreshTimeout = f.TableRefreshTimeout;
            membership.IAmAliveTablePublishTimeout = f.IAmAliveTablePublishTimeout;
            membership.DeathVoteExpirationTimeout = f.DeathVoteExpirationTimeout;
        });
        services.AddOptions<SiloMessagingOptions>().Configure<IOptions<RequestTimeoutOptions>>((messaging, timeouts) =>
        {
            messaging.ResponseTimeout = timeouts.Value.ResponseTimeout;
            // Clients are hostile: a frame over these limits closes its connection before it is
            // decoded. Internal messages are bounded to fit (the arithmetic is on MessageSizeLimits).
            messaging.MaxMessageBodySize = MessageSizeLimits.MaxBodyBytes;
            messaging.MaxMessageHeaderSize = MessageSizeLimits.MaxHeaderBytes;
        });

        // A client cannot make a silo deserialize a type the bank did not declare: only the
        // serializer's allow-list (generated codecs, well-known types, Orleans' own filters) is
        // accepted, whatever any other registration sets.
        services.PostConfigure<TypeManifestOptions>(manifest => manifest.AllowAllTypes = false);

        builder.AddAdoNetGrainStorage(CouncilStorageName, (OptionsBuilder<AdoNetGrainStorageOptions> storage) =>
            storage.Configure<IOptions<DataPathsOptions>>((o, paths) =>
            {
                o.Invariant = SqliteOrleansSchema.Invariant;
                o.DataSource = SqliteOrleansSchema.DataSource(paths.Value.GrainStateFile);
            }));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteGrainStorageInitializer>();
        return builder;
    }

    /// <summary>
    /// Uses Orleans' ADO.NET clustering on the shared SQLite file <c>Paths:MembershipFile</c>,
    /// creating or upgrading the project's SQLite clustering schema before membership starts.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseBankSqliteClustering(this ISiloBuilder builder)
    {
        builder.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
            clustering.Configure<IOptions<DataPathsOptions>>((o, paths) =>
            {
                o.Invariant = SqliteOrleansSchema.Invariant;
                o.DataSource = SqliteOrleansSchema.DataSource(paths.Value.MembershipFile);
            }));
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteClusteringInitializer>();
        return builder;
    }

    /// <summary>
    /// Uses Orleans' ADO.NET clustering on PostgreSQL (<c>Membership:ConnectionString</c>,
    /// invariant <c>Npgsql</c>), applying Orleans' PostgreSQL clustering script to the database
    /// once, before membership starts.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseBankPostgresClustering(this ISiloBuilder builder)
    {
        builder.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
            clustering.Configure<IOptions<MembershipStoreOptions>>((o, store) =>
            {
                o.Invariant = PostgresOrleansSchema.Invariant;
                o.ConnectionString = store.Value.ConnectionString;
            }));
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresClusteringInitializer>();
        return builder;
    }

    /// <summary>Binds the bank's options sections with their validators, validated when the host starts.</summary>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddBankSiloOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloIdentityOptions>().Bind(configuration.GetSection(SiloIdentityOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DataPathsOptions>().Bind(configuration.GetSection(DataPathsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<FailureDetectionOptions>().Bind(configuration.GetSection(FailureDetectionOptions.SectionName)).ValidateOnStart();
        services.AddOptions<RequestTimeoutOptions>().Bind(configuration.GetSection(RequestTimeoutOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloIdentityOptions>, SiloIdentityOptionsValidator>();
        services.AddSingleton<IValidateOptions<DataPathsOptions>, DataPathsOptionsValidator>();
        services.AddSingleton<IValidateOptions<FailureDetectionOptions>, FailureDetectionOptionsValidator>();
        services.AddSingleton<IValidateOptions<RequestTimeoutOptions>, RequestTimeoutOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<DataPathsOptions>>(sp =>
            new DataPathsPostConfigure(configuration, sp.GetRequiredService<IOptions<SiloIdentityOptions>>()));
        return services;
    }
}
