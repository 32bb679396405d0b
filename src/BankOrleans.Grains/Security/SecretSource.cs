namespace BankOrleans.Grains.Security;

/// <summary>Reads a secret given inline or as a file path (inline wins); never logs it.</summary>
internal static class SecretSource
{
    /// <summary>The secret, trimmed, or null if neither source gives one.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string? Read(string? inline, string? file)
    {
        if (!string.IsNullOrWhiteSpace(inline))
        {
            return inline.Trim();
        }

        return string.IsNullOrWhiteSpace(file) ? null : NullIfBlank(File.ReadAllText(file).Trim());
    }

    private static string? NullIfBlank(string text) => text.Length == 0 ? null : text;
}
