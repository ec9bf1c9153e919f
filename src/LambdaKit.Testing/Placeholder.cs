namespace LambdaKit.Testing;
