using System.Security.Cryptography;
using System.Text;
using BankOrleans.Silo.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Operations;

/// <summary>
/// The front door of the silo's HTTP listeners. On the health port only <c>/health/*</c> exists.
/// On the dashboard port every request needs the operator token (<c>Bank:Security:OperatorToken</c>),
/// given as HTTP Basic credentials (any user name, the token as password), as
/// <c>Authorization: Bearer &lt;token&gt;</c>, or once through <c>/dashboard/login?token=…</c>, which
/// sets an HttpOnly cookie holding a keyed hash of the token (not the token) and redirects to the
/// dashboard. Tokens are compared in constant time; nothing here logs a request or a token.
/// </summary>
public sealed class OperatorGate(
    RequestDelegate next,
    IOptions<OperatorCredentialOptions> credential,
    IOptions<DashboardEndpointOptions> dashboard,
    IOptions<HealthEndpointOptions> health)
{
    /// <summary>The login path on the dashboard port.</summary>
    public const string LoginPath = DashboardEndpointOptions.RoutePrefix + "/login";

    /// <summary>The cookie a successful login sets.</summary>
    public const string CookieName = "bank-operator";

    private byte[]? _tokenHash;
    private string? _cookieValue;

    /// <summary>Routes or refuses one request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        var path = context.Request.Path;
        if (port == health.Value.Port)
        {
            return path.StartsWithSegments("/health", StringComparison.Ordinal) ? next(context) : NotFound(context);
        }

        var board = dashboard.Value;
        if (!board.Enabled || port != board.Port)
        {
            return NotFound(context);
        }

        if (path == "/" || path == PathString.Empty)
        {
            context.Response.Redirect(DashboardEndpointOptions.RoutePrefix + "/");
            return Task.CompletedTask;
        }

        if (path.Equals(LoginPath, StringComparison.Ordinal))
        {
            return LoginAsync(context);
        }

        return IsAuthorized(context.Request) ? next(context) : Challenge(context);
    }

    private Task LoginAsync(HttpContext context)
    {
        var token = context.Request.Query["token"].ToString();
        if (!Matches(token))
        {
            return Challenge(context);
        }

        context.Response.Cookies.Append(CookieName, CookieValue, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = DashboardEndpointOptions.RoutePrefix,
            Secure = context.Request.IsHttps,
        });
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(DashboardEndpointOptions.RoutePrefix + "/");
        return Task.CompletedTask;
    }

    private bool IsAuthorized(HttpRequest request)
    {
        if (request.Cookies.TryGetValue(CookieName, out var cookie) && FixedEquals(cookie, CookieValue))
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Matches(header["Bearer ".Length..].Trim());
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 && Matches(pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    private bool Matches(string candidate)
    {
        if (string.IsNullOrEmpty(candidate) || !credential.Value.IsStrong)
        {
            return false;
        }

        // Hashing first makes the comparison constant-time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), TokenHash);
    }

    private byte[] TokenHash => _tokenHash ??= SHA256.HashData(Encoding.UTF8.GetBytes(credential.Value.OperatorToken.Trim()));

    // The cookie proves knowledge of the token without carrying it.
    private string CookieValue => _cookieValue ??= Convert.ToHexString(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(credential.Value.OperatorToken.Trim()), "bank-dashboard-cookie-v1"u8));

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

    private static Task Challenge(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"BankOrleans operator (password: the operator token)\", charset=\"UTF-8\"";
        return context.Response.WriteAsync("operator token required\n");
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
