namespace LambdaKit.EndToEnd.Tests;
