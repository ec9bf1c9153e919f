using LambdaKit;

namespace MultiFunction;

/// <summary>A raw-payload function: no JSON metadata, the event's bytes are returned reversed.</summary>
public static class Echo
{
    [LambdaFunction(Name = "reverse")]
    public static async Task<Stream> ReverseAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        Array.Reverse(bytes);
        return new MemoryStream(bytes, writable: false);
    }
}
