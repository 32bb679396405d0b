using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Council;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Recovery;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// One simulated master: council member N and replica N in one process. Its disk holds the
/// replica's file, the stamp beside it, and the council member's state file (its epoch and what it
/// recorded of the other members' epochs); a crash keeps the disk, a disk fault does not. The
/// member's leases and counter are memory.
/// </summary>
internal sealed class SimNode(int index, SimLoop loop, TimeSpan leaseDuration, SimulationSettings settings)
{
    private bool _fileIsNew;

    public int Index { get; } = index;

    public bool Up { get; private set; } = true;

    /// <summary>Whether the replica answers prepares, accepts and installs from others (its start-up recovery is done).</summary>
    public bool Voting { get; set; } = true;

    public MemoryReplicaState Replica { get; private set; } = new();

    /// <summary>The stamp file beside the replica's file.</summary>
    public ReplicaStamp? Stamp { get; private set; }

    /// <summary>The epoch on the council member's state file; null when that file is lost.</summary>
    public long? DurableEpoch { get; private set; }

    /// <summary>What this member's state file recorded of the other members' epochs.</summary>
    public Dictionary<int, long> PeerEpochs { get; } = [];

    /// <summary>The council member, or null until it has an epoch it may issue in.</summary>
    public CouncilMember? Council { get; private set; }

    /// <summary>Why the replica took its standing at the last start.</summary>
    public string StartReason { get; private set; } = "founded";

    public StandingKind Standing => Replica.Identity.Standing;

    /// <summary>Whether a disk fault of this node has not yet been recovered from (the simulation injects one at a time: f = 1).</summary>
    public bool DiskFaulted => Standing != StandingKind.Normal || _replicaFaulted || DurableEpoch is null && _councilFaulted;

    private bool _replicaFaulted;
    private bool _councilFaulted;

    /// <summary>The host running this node's start-up recovery, if one is running.</summary>
    public SimCoordinatorHost? Recovery { get; set; }

    /// <summary>Marks the replica recovered (it may vote).</summary>
    public void Recovered()
    {
        Voting = true;
        _replicaFaulted = false;
    }

    public void Crash()
    {
        if (Up && Standing == StandingKind.Normal)
        {
            // The stamp is written after every commit of a normal replica; a crash cannot be in between here.
            Stamp = new ReplicaStamp(Replica.Identity.FileId, Replica.Identity.Lsn);
        }

        Up = false;
        Voting = false;
        Council = null;
        ReaderFeed = new(settings.ReaderFeedMarkCapacity);
        Recovery?.Crash();
        Recovery = null;
    }

    /// <summary>The master's reader feed (production's <see cref="UnacknowledgedCommits"/>): memory, a new incarnation per process.</summary>
    public UnacknowledgedCommits ReaderFeed { get; private set; } = new(settings.ReaderFeedMarkCapacity);

    /// <summary>The request ids this node's replica held in files it has since lost (wiped or rolled back).</summary>
    public HashSet<string> LostHeld { get; } = [];

    private void Forget()
    {
        foreach (var account in Replica.Accounts)
        {
            LostHeld.UnionWith(Replica.Ledger(account.Account).Select(r => r.TxId));
        }
    }

    /// <summary>Disk fault: the replica's file is gone (a new, empty one is created at restart).</summary>
    public void WipeReplicaFile()
    {
        Forget();
        Replica = new MemoryReplicaState();
        _fileIsNew = true;
        _replicaFaulted = true;
    }

    /// <summary>Disk fault: the replica's file is put back to an earlier copy of itself.</summary>
    public void RestoreReplicaFile(MemoryReplicaState backup)
    {
        Forget();
        Replica = backup.Copy();
        _replicaFaulted = true;
    }

    /// <summary>Disk fault: the council member's state file is gone.</summary>
    public void LoseCouncilFile()
    {
        DurableEpoch = null;
        PeerEpochs.Clear();
        _councilFaulted = true;
    }

    /// <summary>Starts the process again; the replica takes its standing by the start rule and does not vote until its recovery says so.</summary>
    public void Restart()
    {
        if (Up)
        {
            return;
        }

        var (kind, reason) = settings.SkipReplicaIdentityCheck
            ? (StandingKind.Normal, "identity check disabled")
            : ReplicaStartRule.Decide(_fileIsNew ? null : Replica.Identity, Stamp);
        Replica.Identity = Replica.Identity with { Standing = kind };
        StartReason = reason;
        _fileIsNew = false;
        Up = true;
        Voting = false;
    }

    /// <summary>
    /// The council member, establishing its epoch first if this activation has none yet
    /// (production: <c>LockCouncilGrain</c> on its first lease request). Null while it may not issue.
    /// </summary>
    public CouncilMember? EnsureCouncil(IReadOnlyList<SimNode> all)
    {
        if (Council is not null)
        {
            return Council;
        }

        var others = all.Where(n => n.Index != Index).ToArray();
        long? epoch;
        if (DurableEpoch is null && settings.CouncilForgetsLostEpoch)
        {
            // Mutation: a member without its file starts again from epoch 1 (the old rule).
            epoch = 1;
        }
        else
        {
            epoch = CouncilEpochRule.NextEpoch(DurableEpoch, others.Select(n => n.Up ? n.PeerEpochs.GetValueOrDefault(Index) : (long?)null).ToArray());
        }

        if (epoch is not { } e || !Record(e, others))
        {
            return null;
        }

        foreach (var other in others.Where(o => o.Up && o.DurableEpoch is { }))
        {
            PeerEpochs[other.Index] = Math.Max(PeerEpochs.GetValueOrDefault(other.Index), other.DurableEpoch!.Value);
        }

        Council = new CouncilMember(Index, e, loop.Time, leaseDuration);
        return Council;
    }

    /// <summary>Moves the member to a higher epoch a request needs: on its own file and one other member's first.</summary>
    public bool AdvanceEpoch(long epoch, IReadOnlyList<SimNode> all)
    {
        if (!Record(epoch, all.Where(n => n.Index != Index).ToArray()))
        {
            return false;
        }

        Council!.AdvanceEpoch(epoch);
        return true;
    }

    // The epoch goes on this member's file and on every other member that is up; at least one must be.
    private bool Record(long epoch, IReadOnlyList<SimNode> others)
    {
        var up = others.Where(o => o.Up).ToArray();
        if (up.Length == 0 && !settings.CouncilForgetsLostEpoch)
        {
            return false;
        }

        DurableEpoch = Math.Max(DurableEpoch ?? 0, epoch);
        foreach (var other in up)
        {
            other.PeerEpochs[Index] = Math.Max(other.PeerEpochs.GetValueOrDefault(Index), epoch);
        }

        return true;
    }
}
