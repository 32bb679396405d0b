namespace BankOrleans.ClusterTool;

/// <summary>What <c>bank-cluster</c> was asked to do (public for the tests' theories).</summary>
public enum ClusterVerb
{
    /// <summary><c>./bank up</c>.</summary>
    Up,

    /// <summary><c>./bank down</c>.</summary>
    Down,

    /// <summary><c>./bank status</c>.</summary>
    Status,

    /// <summary><c>./bank silo kill NAME</c>.</summary>
    SiloKill,

    /// <summary><c>./bank silo stop NAME</c>.</summary>
    SiloStop,

    /// <summary><c>./bank silo start NAME</c>.</summary>
    SiloStart,

    /// <summary><c>./bank compose-secrets</c>.</summary>
    ComposeSecrets,

    /// <summary><c>./bank dashboard-screenshot OUT.png</c>.</summary>
    DashboardScreenshot,

    /// <summary><c>./bank help</c>: the usage, then the client's commands.</summary>
    Help,

    /// <summary>Tears down what killed chaos runs left (the <c>./bank chaos</c> trap).</summary>
    ChaosCleanup,

    /// <summary>Prints the console client's environment for <c>./bank</c> to exec it.</summary>
    ClientEnvironment,

    /// <summary>Starts the cluster if no silo runs, builds the bench, prints its environment for <c>./bank</c> to exec it.</summary>
    BenchPrepare,
}
