using System.Globalization;

namespace BankOrleans.Bench.Options;

/// <summary>
/// The weighted mix of operations the workers issue, parsed from <c>--mix</c>: a comma-separated
/// list of <c>kind[:weight]</c> (kinds transfer, deposit, withdraw, balance; weight a positive
/// integer, default 1), e.g. <c>transfer</c> or <c>transfer:7,deposit,withdraw,balance</c>; and
/// login (the bank's alone, see <see cref="OperationKind.Login"/>), e.g. <c>balance:50,login</c>.
/// </summary>
public sealed class WorkloadMix
{
    private readonly (OperationKind Kind, int Weight)[] _entries;
    private readonly int _totalWeight;

    private WorkloadMix((OperationKind Kind, int Weight)[] entries)
    {
        _entries = entries;
        _totalWeight = entries.Sum(e => e.Weight);
    }

    /// <summary>Transfers only: the default workload.</summary>
    public static WorkloadMix TransfersOnly { get; } = new([(OperationKind.Transfer, 1)]);

    /// <summary>The kinds in the mix with their weights, in the order given.</summary>
    public IReadOnlyList<(OperationKind Kind, int Weight)> Entries => _entries;

    /// <summary>Whether the mix issues anything but transfers (and so changes the total of the balances).</summary>
    public bool ChangesTotal => _entries.Any(e => e.Kind is OperationKind.Deposit or OperationKind.Withdraw);

    /// <summary>Whether the mix logs customers in, which only the bank can do.</summary>
    public bool LogsIn => _entries.Any(e => e.Kind == OperationKind.Login);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out WorkloadMix? mix, out string? error)
    {
        mix = null;
        var entries = new List<(OperationKind, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length > 2 || !Enum.TryParse<OperationKind>(pieces[0], ignoreCase: true, out var kind)
                || !Enum.IsDefined(kind) || int.TryParse(pieces[0], out _))
            {
                error = $"--mix: unknown operation '{part}' (use transfer, deposit, withdraw, balance, login, each optionally :weight)";
                return false;
            }

            var weight = 1;
            if (pieces.Length == 2
                && (!int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight < 1 || weight > 1000))
            {
                error = $"--mix: weight of '{part}' must be an integer from 1 to 1000";
                return false;
            }

            if (entries.Any(e => e.Item1 == kind))
            {
                error = $"--mix: '{pieces[0]}' is listed twice";
                return false;
            }

            entries.Add((kind, weight));
        }

        mix = new WorkloadMix([.. entries]);
        error = null;
        return true;
    }

    /// <summary>Picks the next operation kind, each with probability weight / total weight.</summary>
    public OperationKind Pick(Random random)
    {
        var draw = random.Next(_totalWeight);
        foreach (var (kind, weight) in _entries)
        {
            if (draw < weight)
            {
                return kind;
            }

            draw -= weight;
        }

        return _entries[^1].Kind;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(',', _entries.Select(e => e.Weight == 1
            ? e.Kind.ToString().ToLowerInvariant()
            : $"{e.Kind.ToString().ToLowerInvariant()}:{e.Weight}"));
}
