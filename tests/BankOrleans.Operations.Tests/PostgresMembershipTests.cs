using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Xunit.Abstractions;

namespace BankOrleans.Operations.Tests;

/// <summary>
/// The multi-host membership path without Docker: a local PostgreSQL, the four silos as
/// processes with <c>Membership:Provider=postgres</c> (so the silos apply Orleans' PostgreSQL
/// clustering script themselves), a silo killed by pid is declared dead in the PostgreSQL
/// membership table and rejoins with a new generation when restarted.
/// </summary>
[Collection("silo processes")]
public sealed class PostgresMembershipTests(ITestOutputHelper output)
{
    private static readonly string[] Silos = ["master-1", "master-2", "master-3", "reader"];

    // Orleans.Runtime.SiloStatus values as stored in OrleansMembershipTable.Status.
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DeathLimit = TimeSpan.FromSeconds(45);

    [PostgresFact]
    public async Task Killed_silo_is_declared_dead_in_postgres_membership_and_rejoins_after_restart()
    {
        var binDir = PostgresBinaries.Find();
        Assert.True(binDir is not null, PostgresBinaries.MissingMessage.Replace("Skipped.", "CI must install it.", StringComparison.Ordinal));
        Assert.True(File.Exists(RepoPaths.SiloDll), $"the silo is not built: {RepoPaths.SiloDll}");

        using var testDeadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = testDeadline.Token;
        await using var pg = await LocalPostgres.StartAsync(binDir, ct);
        output.WriteLine($"postgres {binDir} on 127.0.0.1:{pg.Port}, pid {pg.Pid}");

        var work = Directory.CreateTempSubdirectory("bank-ops-");
        var clusterId = "ops-" + Guid.NewGuid().ToString("N")[..8];
        var operatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        var sessionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var certificates = await ClusterCertificateSet.MakeAsync(Path.Combine(work.FullName, "secrets"));
        var ports = FreePorts.Take(Silos.Length * 3 + 1);
        var dashboardPort = ports[^1];
        var environment = Silos.Select((name, i) => (name, env: new Dictionary<string, string>
        {
            ["BANK_DATA_DIR"] = Path.Combine(work.FullName, "data"),
            ["BANK_Silo__ClusterId"] = clusterId,
            ["BANK_Silo__SiloPort"] = Invariant(ports[i * 3]),
            ["BANK_Silo__GatewayPort"] = Invariant(ports[(i * 3) + 1]),
            ["BANK_Health__Port"] = Invariant(ports[(i * 3) + 2]),
            ["BANK_Dashboard__Port"] = name == "master-1" ? Invariant(dashboardPort) : "0",
            ["BANK_Membership__Provider"] = "postgres",
            ["BANK_Membership__ConnectionString"] = pg.ConnectionString,
            ["BANK_Bank__Security__OperatorToken"] = operatorToken,
            ["BANK_Bank__Security__SessionKey"] = sessionKey,
            ["BANK_Bank__Tls__CertificateFile"] = certificates.CertificateFile,
            ["BANK_Bank__Tls__KeyFile"] = certificates.KeyFile,
            ["BANK_Bank__Tls__CaFile"] = certificates.CaFile,
        })).ToDictionary(x => x.name, x => x.env);
        // master-3 reads the password from a file, as the containers do (Membership:PasswordFile).
        var passwordFile = Path.Combine(work.FullName, "pg-password");
        await File.WriteAllTextAsync(passwordFile, pg.Password + "\n", ct);
        environment["master-3"]["BANK_Membership__ConnectionString"] =
            new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Password = null }.ConnectionString;
        environment["master-3"]["BANK_Membership__PasswordFile"] = passwordFile;
        int HealthPort(string name) => int.Parse(environment[name]["BANK_Health__Port"], CultureInfo.InvariantCulture);
        string Log(string name) => Path.Combine(work.FullName, name + ".log");

        var silos = new Dictionary<string, SiloProcess>();
        try
        {
            foreach (var name in Silos)
            {
                silos[name] = SiloProcess.Start(name, environment[name], Log(name));
            }

            // All four join: Active rows in PostgreSQL, and each silo says it is ready.
            await WaitUntilAsync("all silos Active in PostgreSQL", JoinLimit, silos, async () =>
                (await ReadMembershipAsync(pg, clusterId, ct)).Count(r => r.Status == Active) == Silos.Length, ct);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var name in Silos)
            {
                await WaitUntilAsync($"{name} /health/ready", JoinLimit, silos, async () =>
                    (await GetStatusAsync(http, $"http://127.0.0.1:{HealthPort(name)}/health/ready", null, ct)) == HttpStatusCode.OK, ct);
                Assert.Equal(HttpStatusCode.OK, await GetStatusAsync(http, $"http://127.0.0.1:{HealthPort(name)}/health/live", null, ct));
            }

            // The dashboard on master-1 needs the operator token.
            var board = $"http://127.0.0.1:{dashboardPort}/dashboard/";
            Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync(http, board, null, ct));
            Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync(http, board, Basic("operator", "wrong-token-wrong-token"), ct));
            Assert.Equal(HttpStatusCode.OK, await GetStatusAsync(http, board, Basic("operator", operatorToken), ct));
            Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync(http, $"http://127.0.0.1:{HealthPort("master-1")}/dashboard/", null, ct));

            // Crash master-2 (SIGKILL by pid): the others declare it Dead in PostgreSQL.
            var before = (await ReadMembershipAsync(pg, clusterId, ct)).Single(r => r.SiloName == "master-2" && r.Status == Active);
            var victim = silos["master-2"];
            output.WriteLine($"killing master-2, pid {victim.Pid}, generation {before.Generation}");
            await victim.KillAsync();
            await victim.DisposeAsync();
            silos.Remove("master-2");
            var killedAt = DateTime.UtcNow;
            await WaitUntilAsync("master-2 declared Dead", DeathLimit, silos, async () =>
                (await ReadMembershipAsync(pg, clusterId, ct)).Any(r => r.SiloName == "master-2" && r.Generation == before.Generation && r.Status == Dead), ct);
            output.WriteLine($"master-2 declared dead after {(DateTime.UtcNow - killedAt).TotalSeconds:0.0} s");
            var survivors = (await ReadMembershipAsync(pg, clusterId, ct)).Where(r => r.Status == Active).Select(r => r.SiloName).Order().ToArray();
            Assert.Equal(["master-1", "master-3", "reader"], survivors);

            // Restart it on the same ports: a new generation joins Active and reports ready.
            silos["master-2"] = SiloProcess.Start("master-2", environment["master-2"], Log("master-2"));
            await WaitUntilAsync("master-2 rejoined", JoinLimit, silos, async () =>
                (await ReadMembershipAsync(pg, clusterId, ct)).Any(r => r.SiloName == "master-2" && r.Generation > before.Generation && r.Status == Active), ct);
            await WaitUntilAsync("master-2 /health/ready", JoinLimit, silos, async () =>
                (await GetStatusAsync(http, $"http://127.0.0.1:{HealthPort("master-2")}/health/ready", null, ct)) == HttpStatusCode.OK, ct);
            var final = await ReadMembershipAsync(pg, clusterId, ct);
            Assert.Equal(Silos.Length, final.Count(r => r.Status == Active));
            Assert.Equal(1, final.Count(r => r.SiloName == "master-2" && r.Status == Dead));
        }
        finally
        {
            foreach (var silo in silos.Values)
            {
                await silo.DisposeAsync();
            }
        }

        // No secret reached a log: the database password, the operator token, the session key, the cluster key.
        var clusterKey = string.Join('\n', File.ReadAllLines(certificates.KeyFile).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        foreach (var name in Silos)
        {
            var text = await File.ReadAllTextAsync(Log(name), CancellationToken.None);
            Assert.False(text.Contains(clusterKey[..40], StringComparison.Ordinal), $"{name}'s log contains the cluster certificate's key");
            Assert.False(text.Contains(pg.Password, StringComparison.Ordinal), $"{name}'s log contains the PostgreSQL password");
            Assert.False(text.Contains(operatorToken, StringComparison.Ordinal), $"{name}'s log contains the operator token");
            Assert.False(text.Contains(sessionKey, StringComparison.Ordinal), $"{name}'s log contains the session key");
        }

        work.Delete(recursive: true);
    }

    private sealed record MembershipRow(string SiloName, int Generation, int Status);

    private static async Task<IReadOnlyList<MembershipRow>> ReadMembershipAsync(LocalPostgres pg, string clusterId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(pg.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT siloname, generation, status FROM orleansmembershiptable WHERE deploymentid = @id", connection);
        command.Parameters.AddWithValue("id", clusterId);
        var rows = new List<MembershipRow>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new MembershipRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No silo has applied the script yet.
        }

        return rows;
    }

    private static async Task<HttpStatusCode?> GetStatusAsync(HttpClient http, string url, AuthenticationHeaderValue? auth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = auth;
        try
        {
            using var response = await http.SendAsync(request, ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    // Polls every 250 ms; fails early with the silo's log tail if one of the silos exited.
    private async Task WaitUntilAsync(string what, TimeSpan limit, Dictionary<string, SiloProcess> silos, Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            foreach (var silo in silos.Values.Where(s => !s.IsRunning))
            {
                Assert.Fail($"{silo.Name} exited while waiting for {what}:\n{Tail(silo.LogFile)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                foreach (var silo in silos.Values)
                {
                    output.WriteLine($"---- {silo.Name}\n{Tail(silo.LogFile)}");
                }

                Assert.Fail($"timed out after {limit.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(250, ct);
        }
    }

    private static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(15)) : "(no log)";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
