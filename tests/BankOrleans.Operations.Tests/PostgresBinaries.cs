namespace BankOrleans.Operations.Tests;

/// <summary>
/// Finds PostgreSQL's server binaries (initdb, postgres): <c>BANK_PG_BINDIR</c>, else the newest
/// Debian <c>/usr/lib/postgresql/N/bin</c>, else <c>initdb</c> on the PATH.
/// </summary>
public static class PostgresBinaries
{
    /// <summary>Why a PostgreSQL test cannot run here.</summary>
    public const string MissingMessage =
        "PostgreSQL server binaries (initdb, postgres) not found: install Debian's postgresql package " +
        "(apt-get install -y postgresql; .ci/run does) or set BANK_PG_BINDIR. Skipped.";

    /// <summary>True under CI (CI=true), where a missing PostgreSQL is a failure, not a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The directory holding initdb and postgres, or null.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("BANK_PG_BINDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return Usable(configured) ? configured : null;
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => Usable(x.dir))
                .OrderByDescending(x => x.version)
                .Select(x => x.dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(Usable);
    }

    private static bool Usable(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"));
}
