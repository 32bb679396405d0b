using System.Reflection;
using BankOrleans.Cluster.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Serialization.Invocation;
using Orleans.TestingHost;

namespace BankOrleans.Security.Tests;

/// <summary>
/// An Orleans client as an attacker writes one: it connects to the test cluster's gateways with
/// nothing but the cluster id, holds no silo credential, and may lie about who it is.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly IHost _host;

    private RawClient(IHost host) => _host = host;

    /// <summary>The client's grain factory.</summary>
    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Connects to the gateways of <paramref name="fixture"/>'s cluster; calls time out after
    /// <paramref name="responseTimeout"/> (10 s). The in-process test cluster's silos listen on an
    /// in-memory transport that its own client reaches through fields the test host keeps private,
    /// so this client joins the same hub and gateway list by reflection (Orleans.TestingHost 10).
    /// </summary>
    public static async Task<RawClient> ConnectAsync(BankClusterFixture fixture, TimeSpan? responseTimeout = null)
    {
        var cluster = fixture.Cluster;
        var hub = PrivateField(cluster, "_transportHub");
        var gateways = (IGatewayListProvider)PrivateField(cluster, "_membershipTable");
        var useHub = typeof(InProcessTestCluster).Assembly
            .GetType("Orleans.TestingHost.InMemoryTransport.InMemoryTransportExtensions", throwOnError: false)?
            .GetMethod("UseInMemoryConnectionTransport", [typeof(IClientBuilder), hub.GetType()])
            ?? typeof(InProcessTestCluster).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Single(m => m.Name == "UseInMemoryConnectionTransport" && m.GetParameters()[0].ParameterType == typeof(IClientBuilder));

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.Options.ClusterId;
                o.ServiceId = cluster.Options.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(10));
            client.Services.AddSingleton(gateways);
            useHub.Invoke(null, [client, hub]);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new RawClient(host);
    }

    private static object PrivateField(object owner, string name) =>
        owner.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(owner)
        ?? throw new InvalidOperationException($"{owner.GetType().Name}.{name} not found: the test host changed");

    /// <summary>
    /// From now on every message this client sends names <paramref name="grain"/> as its source,
    /// as a client that rewrites its own messages can (the gateway keeps the source it is sent).
    /// Answers then go to that grain, not back to this client.
    /// </summary>
    public void ClaimToBe(GrainId grain)
    {
        // The runtime client stamps every message's source from this property (Orleans 10, OutsideRuntimeClient).
        var runtimeClientType = typeof(IClusterClient).Assembly.GetType("Orleans.OutsideRuntimeClient", throwOnError: true)!;
        var runtimeClient = _host.Services.GetRequiredService(runtimeClientType);
        var property = runtimeClientType.GetProperty("CurrentActivationAddress", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Orleans.OutsideRuntimeClient.CurrentActivationAddress not found");
        var current = (GrainAddress)property.GetValue(runtimeClient)!;
        property.SetValue(runtimeClient, new GrainAddress { GrainId = grain, SiloAddress = current.SiloAddress, ActivationId = current.ActivationId });
    }

    /// <summary>
    /// Sends a response message, as if answering call <paramref name="correlationId"/> of
    /// <paramref name="waitingGrain"/> with <paramref name="answer"/>: what a client that guessed
    /// a silo's correlation ids would send to complete that silo's call. Built by reflection on
    /// Orleans 10's internal Message and client message center.
    /// </summary>
    public void SendResponse(GrainId waitingGrain, long correlationId, object answer)
    {
        var core = typeof(IClusterClient).Assembly;
        var messageType = core.GetType("Orleans.Runtime.Message", throwOnError: true)!;
        var message = Activator.CreateInstance(messageType, nonPublic: true)!;
        var directions = messageType.GetNestedType("Directions", BindingFlags.Public | BindingFlags.NonPublic)!;
        Set(message, "Direction", Enum.Parse(directions, "Response"));
        Set(message, "Id", Activator.CreateInstance(core.GetType("Orleans.Runtime.CorrelationId", throwOnError: true)!, correlationId));
        Set(message, "TargetGrain", waitingGrain);
        Set(message, "SendingGrain", waitingGrain);
        Set(message, "BodyObject", Response.FromResult(answer));

        var runtimeClient = _host.Services.GetRequiredService(core.GetType("Orleans.OutsideRuntimeClient", throwOnError: true)!);
        var center = runtimeClient.GetType().GetProperty("MessageCenter", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(runtimeClient)!;
        center.GetType().GetMethod("SendMessage", [messageType])!.Invoke(center, [message]);

        static void Set(object target, string property, object? value) =>
            target.GetType().GetProperty(property, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.SetValue(target, value);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
