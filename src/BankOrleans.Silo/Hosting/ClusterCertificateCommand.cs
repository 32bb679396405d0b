using BankOrleans.Connections;

namespace BankOrleans.Silo.Hosting;

/// <summary>
/// <c>BankOrleans.Silo --make-certificates DIR</c>: makes the cluster CA and the cluster
/// certificate in DIR if they are missing (<see cref="ClusterCertificateAuthority"/>), what
/// <c>./bank up</c> and <c>./bank compose-secrets</c> run. Prints file names only, never a key.
/// </summary>
public static class ClusterCertificateCommand
{
    /// <summary>The option that selects this command.</summary>
    public const string Option = "--make-certificates";

    /// <summary>Runs the command.</summary>
    /// <returns>0 when the files are there, 1 when they could not be made.</returns>
    public static int Run(string directory)
    {
        try
        {
            var written = ClusterCertificateAuthority.EnsureFiles(directory);
            Console.WriteLine(written.Count == 0
                ? $"cluster certificates: kept the existing files in {directory}"
                : $"cluster certificates: wrote {string.Join(", ", written)} in {directory}");
            return BankSiloProcess.ExitOk;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"bank-silo: cannot make the cluster certificates: {ex.Message}");
            return BankSiloProcess.ExitFailed;
        }
    }
}
