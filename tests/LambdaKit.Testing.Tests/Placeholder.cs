namespace LambdaKit.Testing.Tests;
