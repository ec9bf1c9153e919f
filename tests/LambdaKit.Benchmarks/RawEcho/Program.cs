return await LambdaKit.Benchmarks.Functions.RawEchoFunction.RunAsync();
