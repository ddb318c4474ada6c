using System;
using BenchmarkDotNet.Running;

namespace WarpZip.Benchmarks;

/// <summary>
/// Entry point. <c>corpus</c> and <c>memory</c> run the corpus harness (the figures quoted in release
/// notes); anything else goes to BenchmarkDotNet, which is always driven by arguments.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "corpus")
        {
            return CorpusHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "ceiling")
        {
            return CeilingHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "memory")
        {
            return MemoryHarness.Run(args[1..]);
        }

        if (args.Length == 0)
        {
            // With no arguments BenchmarkSwitcher would prompt on the console; a bench run must never wait for input.
            Console.Error.WriteLine("""
                usage:
                  WarpZip.Benchmarks corpus <DIR> [--runs N] [--files a,b,c] [--json out.json]
                  WarpZip.Benchmarks memory [GiB] [--corpus DIR] [--json out.json]
                  WarpZip.Benchmarks ceiling <DIR> [--runs N]
                  WarpZip.Benchmarks <BenchmarkDotNet arguments>, e.g. --filter '*' or --list flat
                """);
            return 2;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
