using BenchmarkDotNet.Running;
using FundManager.Benchmarks;

// dotnet run -c Release --project tests/FundManager.Benchmarks -- --smoke
// dotnet run -c Release --project tests/FundManager.Benchmarks -- intake --payments 20000
// dotnet run -c Release --project tests/FundManager.Benchmarks -- disbursements --projects 10000
// dotnet run -c Release --project tests/FundManager.Benchmarks -- reports --donors 1000 --projects 10000 --entries 1000000
// dotnet run -c Release --project tests/FundManager.Benchmarks -- startup
// dotnet run -c Release --project tests/FundManager.Benchmarks -- bdn --filter '*'
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(JournalBatching).Assembly).Run(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == StartupProbe.Mode)
{
    return await StartupProbe.RunAsync(args[1..]);
}

if (!HarnessOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    await Console.Error.WriteLineAsync(HarnessOptions.Usage);
    return 2;
}
return await new BenchmarkRun(options).RunAsync();
