using System.Text.Json;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

public sealed class LambdaErrorTests
{
    [Fact]
    public void An_exception_chain_becomes_nested_causes_with_type_message_and_stack()
    {
        Exception thrown;
        try
        {
            ThrowWrapped();
            throw new InvalidOperationException("unreachable");
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        var error = LambdaError.FromException(thrown);

        Assert.Equal("AggregateException", error.ErrorType);
        Assert.Equal(thrown.Message, error.ErrorMessage);
        Assert.Contains(error.StackTrace, line => line.Contains(nameof(ThrowWrapped), StringComparison.Ordinal));
        Assert.All(error.StackTrace, line => Assert.Equal(line.Trim(), line));
        var cause = Assert.IsType<LambdaError>(error.Cause);
        Assert.Equal("ArithmeticException", cause.ErrorType);
        Assert.Equal("division went wrong", cause.ErrorMessage);
        Assert.Contains(cause.StackTrace, line => line.Contains(nameof(Divide), StringComparison.Ordinal));
        Assert.Null(cause.Cause);
    }

    [Fact]
    public void The_json_shape_is_the_one_lambda_defines()
    {
        var error = new LambdaError("Outer", "outer \"message\"\nline 2", ["at A", "at B"], new LambdaError("Inner", "inner"));

        using var document = JsonDocument.Parse(error.ToUtf8Json());

        var root = document.RootElement;
        Assert.Equal(["errorMessage", "errorType", "stackTrace", "cause"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("outer \"message\"\nline 2", root.GetProperty("errorMessage").GetString());
        Assert.Equal("Outer", root.GetProperty("errorType").GetString());
        Assert.Equal(["at A", "at B"], root.GetProperty("stackTrace").EnumerateArray().Select(e => e.GetString()));
        var cause = root.GetProperty("cause");
        Assert.Equal("Inner", cause.GetProperty("errorType").GetString());
        Assert.Equal(JsonValueKind.Array, cause.GetProperty("stackTrace").ValueKind);
        Assert.Equal(0, cause.GetProperty("stackTrace").GetArrayLength());
        Assert.False(cause.TryGetProperty("cause", out _));
    }

    [Fact]
    public void Parsing_reads_back_what_was_written()
    {
        var written = new LambdaError("Outer", "m1", ["a"], new LambdaError("Inner", "m2", ["b", "c"]));

        Assert.True(LambdaError.TryParse(written.ToUtf8Json(), out var parsed));

        Assert.Equal("Outer", parsed!.ErrorType);
        Assert.Equal("m1", parsed.ErrorMessage);
        Assert.Equal(["a"], parsed.StackTrace);
        Assert.Equal("Inner", parsed.Cause!.ErrorType);
        Assert.Equal(["b", "c"], parsed.Cause.StackTrace);
    }

    [Fact]
    public void Parsing_tolerates_unknown_and_missing_members()
    {
        Assert.True(LambdaError.TryParse("{\"errorType\":\"T\",\"extra\":{\"x\":[1,2]},\"stackTrace\":[1,\"s\"],\"cause\":null}"u8, out var parsed));

        Assert.Equal("T", parsed!.ErrorType);
        Assert.Equal(string.Empty, parsed.ErrorMessage);
        Assert.Equal(["s"], parsed.StackTrace);
        Assert.Null(parsed.Cause);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"errorType\":")]
    public void Parsing_refuses_what_is_not_an_error_object(string text)
    {
        Assert.False(LambdaError.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void A_very_deep_inner_exception_chain_is_cut_off()
    {
        Exception exception = new InvalidOperationException("leaf");
        for (int i = 0; i < 100; i++)
        {
            exception = new InvalidOperationException("level " + i, exception);
        }

        var error = LambdaError.FromException(exception);
        int depth = 0;
        for (var current = error; current is not null; current = current.Cause)
        {
            depth++;
        }

        Assert.Equal(LambdaError.MaxCauseDepth + 1, depth);
        Assert.True(LambdaError.TryParse(error.ToUtf8Json(), out _));
    }

    private static void ThrowWrapped()
    {
        try
        {
            Divide();
        }
        catch (ArithmeticException ex)
        {
            throw new AggregateException("wrapped", ex);
        }
    }

    private static void Divide() => throw new ArithmeticException("division went wrong");
}
