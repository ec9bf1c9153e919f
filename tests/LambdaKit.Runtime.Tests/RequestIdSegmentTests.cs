using LambdaKit.Runtime.Http;

namespace LambdaKit.Runtime.Tests;

public sealed class RequestIdSegmentTests
{
    [Fact]
    public void Checking_and_writing_a_uuid_allocates_nothing()
    {
        const string requestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
        var destination = new byte[RequestIdSegment.MaxEncodedLength(requestId)];
        RequestIdSegment.Write(destination, requestId);

        long before = GC.GetAllocatedBytesForCurrentThread();
        string? problem = RequestIdSegment.Problem(requestId);
        int written = RequestIdSegment.Write(destination, requestId);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(problem);
        Assert.Equal(requestId.Length, written);
        Assert.Equal(0, allocated);
    }
}
