using System.IO.Pipelines;
using BankOrleans.Grains.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace BankOrleans.Silo.Trust;

/// <summary>Puts <see cref="ClientFrameFilter"/> on every client connection a gateway accepts.</summary>
public static partial class ClientFrameFilterHostingExtensions
{
    /// <summary>The <c>interface</c> tag under which <c>bank.security.refused</c> counts a connection closed by the filter.</summary>
    public const string RefusedTag = "(a message from a client that is not a request)";

    /// <summary>
    /// Filters every gateway connection's inbound bytes with <see cref="ClientFrameFilter"/>. Added
    /// as a post-configuration so that it sits inside any TLS the silo's own configuration adds
    /// (it has to read the frames in clear).
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddClientFrameFilter(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SiloConnectionOptions>().PostConfigure<ILoggerFactory>((options, loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(ClientFrameFilter).FullName!);
            options.ConfigureGatewayInboundConnection(connection => connection.Use(next => context => FilterAsync(next, context, logger)));
        });
        return builder;
    }

    private static async Task FilterAsync(ConnectionDelegate next, ConnectionContext context, ILogger logger)
    {
        var original = context.Transport;
        var filtered = new Pipe(new PipeOptions(useSynchronizationContext: false));
        using var stop = new CancellationTokenSource();
        var pump = Task.Run(async () =>
        {
            if (await ClientFrameFilter.PumpAsync(original.Input, filtered.Writer, stop.Token).ConfigureAwait(false) is { } direction)
            {
                BankMetrics.RecordRefusedCall(RefusedTag);
                LogRefused(logger, context.RemoteEndPoint?.ToString() ?? "unknown", direction);
                context.Abort(new ConnectionAbortedException("a client sent a message that is not a request"));
            }
        });

        context.Transport = new FilteredTransport(filtered.Reader, original.Output);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            original.Input.CancelPendingRead();
            await pump.ConfigureAwait(false);
            context.Transport = original;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed the client connection from {Remote}: it sent a message of direction {Direction}, which only silos send")]
    private static partial void LogRefused(ILogger logger, string remote, int direction);

    private sealed class FilteredTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
