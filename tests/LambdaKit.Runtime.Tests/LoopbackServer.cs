using System.Net;
using System.Net.Sockets;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// A TCP server on 127.0.0.1 on a free port: it accepts connections until disposed and hands each to
/// <see cref="ServeAsync"/>; disposing stops the listener and cancels <see cref="Stopping"/> for every connection.
/// </summary>
internal abstract class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _connectionsAccepted;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => "127.0.0.1:" + Port;

    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    /// <summary>Starts listening; a subclass calls it last in its constructor, once it can serve.</summary>
    protected void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Serves one accepted connection and disposes it.</summary>
    protected abstract Task ServeAsync(Socket socket);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _connectionsAccepted);
            _ = ServeAsync(socket);
        }
    }
}
