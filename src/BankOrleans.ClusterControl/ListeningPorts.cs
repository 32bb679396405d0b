using System.Globalization;
using System.Net.NetworkInformation;

namespace BankOrleans.ClusterControl;

/// <summary>Which TCP ports something listens on (any address), from the kernel's socket tables.</summary>
internal static class ListeningPorts
{
    /// <summary>Whether a socket listens on <paramref name="port"/>.</summary>
    public static bool InUse(int port) => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port == port);

    /// <summary><c>ss</c>'s line for the listener on <paramref name="port"/> (with its process, when this user may see it), or "".</summary>
    public static async Task<string> DescribeAsync(int port, string workingDirectory)
    {
        try
        {
            var (_, output) = await ChildProcess.CaptureAsync(
                ["ss", "-ltnpH", string.Create(CultureInfo.InvariantCulture, $"sport = :{port}")], workingDirectory, null, mergeStderr: false, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return output.Split('\n')[0];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
