namespace BankOrleans.Client.Banking;

/// <summary>What the client may read from a session token without the key: the username it names (the cluster checks the rest).</summary>
public static class SessionToken
{
    /// <summary>The username in <paramref name="token"/>, or null if the token is not shaped like one.</summary>
    public static string? UserOf(string token)
    {
        var parts = token.Split(':');
        return parts.Length == 5 && parts[0] == "s1" && parts[1].Length > 0 ? parts[1] : null;
    }
}
