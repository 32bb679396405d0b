namespace BankOrleans.ClusterControl;

/// <summary>
/// One cluster command at a time per data directory (two concurrent <c>up</c>s would race):
/// an exclusive <c>flock</c> on <c>.bank.lock</c>, which is what .NET takes for
/// <see cref="FileShare.None"/> on Unix. The descriptor is close-on-exec, so the silos a command
/// starts never inherit (and so hold) the lock.
/// </summary>
public sealed class ClusterLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _file;

    private ClusterLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="dataDir"/>, waiting up to two minutes for another command to finish.</summary>
    /// <exception cref="ClusterExitException">Exit 1: another command held it all that time.</exception>
    public static async Task<ClusterLock> TakeAsync(string dataDir, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(dataDir, ".bank.lock");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw new ClusterExitException(ExitCodes.Error, $"another ./bank command is still running on {dataDir}");
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _file.Dispose();
}
