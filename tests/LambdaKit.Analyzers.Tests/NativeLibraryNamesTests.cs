namespace LambdaKit.Analyzers.Tests;

public class NativeLibraryNamesTests
{
    [Theory]
    [InlineData("foo", "foo.so|libfoo.so|foo|libfoo")]
    [InlineData("libfoo", "libfoo.so|liblibfoo.so|libfoo|liblibfoo")]
    [InlineData("libfoo.so", "libfoo.so|liblibfoo.so|libfoo.so.so|liblibfoo.so.so")]
    [InlineData("libfoo.so.1", "libfoo.so.1|liblibfoo.so.1|libfoo.so.1.so|liblibfoo.so.1.so")]
    [InlineData("native/foo", "native/foo.so|native/foo")]
    [InlineData("/opt/lib/libfoo.so", "/opt/lib/libfoo.so")]
    public void Linux_probe_names_follow_the_runtime_order(string library, string expected)
    {
        Assert.Equal(expected.Split('|'), NativeLibraryNames.GetLinuxProbeNames(library));
    }

    [Theory]
    [InlineData("foo", "libfoo.so")]
    [InlineData("foo", "foo.so")]
    [InlineData("foo", "foo")]
    [InlineData("foo", "libfoo")]
    [InlineData("foo", "libfoo.so.1")]
    [InlineData("foo", "libfoo.so.1.2.3")]
    [InlineData("libfoo.so", "libfoo.so")]
    [InlineData("libfoo.so.1", "libfoo.so.1")]
    [InlineData("native/foo", "foo.so")]
    [InlineData("/opt/lib/libfoo.so", "libfoo.so")]
    [InlineData("foo", "foo.dll")]
    [InlineData("foo", "FOO.DLL")]
    [InlineData("libfoo.so", "foo.dll")]
    [InlineData("foo", "libfoo.dylib")]
    [InlineData("foo", "foo.dylib")]
    [InlineData("foo", "libfoo.1.dylib")]
    public void Files_that_can_provide_the_library_match(string library, string file)
    {
        Assert.True(NativeLibraryNames.Matches(library, file));
    }

    [Theory]
    [InlineData("foo", "libfoobar.so")]
    [InlineData("foo", "libbar.so")]
    [InlineData("foo", "libfoo.so.x")]
    [InlineData("foo", "libfoo.so.")]
    [InlineData("foo", "libFoo.so")]
    [InlineData("foo", "foo.txt")]
    [InlineData("foo", "bar.dll")]
    [InlineData("foo", "libfoo2.dylib")]
    [InlineData("libfoo.so.1", "libfoo.so.2")]
    [InlineData("c", "libcrypto.so.3")]
    public void Other_files_do_not_match(string library, string file)
    {
        Assert.False(NativeLibraryNames.Matches(library, file));
    }
}
