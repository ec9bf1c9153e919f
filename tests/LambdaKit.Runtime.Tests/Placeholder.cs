namespace LambdaKit.Runtime.Tests;
