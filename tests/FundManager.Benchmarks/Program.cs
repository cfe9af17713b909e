using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FundManager.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
