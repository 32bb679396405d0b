namespace BankOrleans.ClusterControl;

/// <summary>What the process a silo's pid file names is, as far as the pid rule can tell.</summary>
public enum SiloProcessState
{
    /// <summary>No pid recorded, or that process has exited.</summary>
    Gone,

    /// <summary>The pid now belongs to another process (its start time differs from the one recorded, or it does not run the silo): never signalled.</summary>
    Stranger,

    /// <summary>The very process a start launched (same start time) that has not exec'd the silo yet: not running, but stopped by a stop.</summary>
    Starting,

    /// <summary>The silo itself: its command line names the silo's config file (and the start time, when recorded, matches).</summary>
    Running,
}
