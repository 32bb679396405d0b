using BankOrleans.Protocol.Council;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// One simulated master: council member N and replica N in one process. The replica's state
/// and the member's epoch are its disk and survive a crash; the council member's leases and
/// counter are memory and do not.
/// </summary>
internal sealed class SimNode(int index, SimLoop loop, TimeSpan leaseDuration)
{
    public int Index { get; } = index;

    public bool Up { get; private set; } = true;

    public MemoryReplicaState Replica { get; } = new();

    /// <summary>The epoch on disk.</summary>
    public long DurableEpoch { get; set; } = 1;

    public CouncilMember Council { get; private set; } = new(index, 1, loop.Time, leaseDuration);

    public void Crash() => Up = false;

    public void Restart()
    {
        if (Up)
        {
            return;
        }

        // Activation rule: bump the epoch durably before issuing any ballot.
        DurableEpoch++;
        Council = new CouncilMember(Index, DurableEpoch, loop.Time, leaseDuration);
        Up = true;
    }
}
