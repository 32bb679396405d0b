using BankOrleans.Grains.Diagnostics;
using BankOrleans.Silo.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace BankOrleans.Silo.Operations;

/// <summary>
/// Liveness and readiness of a silo over HTTP, on <c>Health:Port</c>:
/// <c>GET /health/live</c> is 200 while the process serves HTTP at all;
/// <c>GET /health/ready</c> is 200 when the silo is an <c>Active</c> member of the cluster and
/// no <see cref="SiloReadiness"/> component is pending, else 503. Both answer a small JSON object.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Liveness path.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness path.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Maps the two endpoints.</summary>
    /// <returns>The same route builder.</returns>
    public static IEndpointRouteBuilder MapBankHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivePath, (IOptions<SiloIdentityOptions> identity) =>
            Results.Json(new { live = true, silo = identity.Value.Name }));

        endpoints.MapGet(ReadyPath, (IOptions<SiloIdentityOptions> identity, IClusterMembershipService membership,
            ILocalSiloDetails local, SiloReadiness readiness) =>
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
            var pending = readiness.Pending.Select(p => new { component = p.Key, reason = p.Value }).ToArray();
            var ready = status == SiloStatus.Active && pending.Length == 0;
            return Results.Json(
                new { ready, silo = identity.Value.Name, membership = status.ToString(), pending },
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
