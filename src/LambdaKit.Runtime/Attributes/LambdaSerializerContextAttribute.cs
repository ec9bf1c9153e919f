namespace LambdaKit;

/// <summary>
/// Names the user's own <c>System.Text.Json.Serialization.JsonSerializerContext</c>: the generated handlers then read
/// and write JSON through <c>ContextType.Default</c> instead of the context LambdaKit generates. Every handler input
/// and output type must be registered in it (<c>[JsonSerializable(typeof(T))]</c>); analyzer LK1010 reports those that
/// are not.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class LambdaSerializerContextAttribute : Attribute
{
    public LambdaSerializerContextAttribute(Type contextType)
    {
        ContextType = contextType;
    }

    /// <summary>A <c>JsonSerializerContext</c> subclass with a static <c>Default</c> instance (as System.Text.Json generates).</summary>
    public Type ContextType { get; }
}
