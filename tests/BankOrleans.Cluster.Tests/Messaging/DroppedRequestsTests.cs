using BankOrleans.Grains.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Cluster.Tests.Messaging;

public sealed class DroppedRequestsTests
{
    [Fact]
    public void Drops_are_logged_at_once_then_at_most_every_ten_seconds_with_the_count_since_the_last_warning()
    {
        var time = new FakeTimeProvider();
        var log = new WarningLog();
        var drops = new DroppedRequests("reader-feed", log, time);

        drops.Report(3);
        time.Advance(TimeSpan.FromSeconds(4));
        drops.Report(2);
        drops.Report(5);
        time.Advance(TimeSpan.FromSeconds(6));
        drops.Report(1);

        Assert.Equal(2, log.Messages.Count);
        Assert.Contains("reader-feed: 3 requests dropped", log.Messages[0], StringComparison.Ordinal);
        Assert.Contains("reader-feed: 8 requests dropped", log.Messages[1], StringComparison.Ordinal);
    }

    private sealed class WarningLog : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
