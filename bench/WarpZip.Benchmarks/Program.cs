using System;
using BenchmarkDotNet.Running;

namespace WarpZip.Benchmarks;

/// <summary>
/// Entry point. <c>corpus</c> and <c>memory</c> run the corpus harness (the figures quoted in release
/// notes); <c>ceiling</c> what two independent GZipStreams get from the cores; <c>plot</c> draws
/// bench/compare-cli.sh's results; anything else goes to BenchmarkDotNet, which is always driven by arguments.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "corpus")
        {
            return CorpusHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "device")
        {
            return DeviceHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "ceiling")
        {
            return CeilingHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "memory")
        {
            return MemoryHarness.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "plot")
        {
            return PlotCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "zlib-version")
        {
            Console.WriteLine(SystemZlib.Version);
            return 0;
        }

        // --corpus DIR (ours, not BenchmarkDotNet's): payloads come from these files instead of being
        // generated. BenchmarkDotNet runs each case in a child process, which inherits the environment.
        int corpusAt = Array.IndexOf(args, "--corpus");
        if (corpusAt >= 0)
        {
            if (corpusAt + 1 >= args.Length || !System.IO.Directory.Exists(args[corpusAt + 1]))
            {
                Console.Error.WriteLine("--corpus needs a directory of files");
                return 2;
            }

            Environment.SetEnvironmentVariable(Payloads.CorpusVariable, System.IO.Path.GetFullPath(args[corpusAt + 1]));
            args = [.. args[..corpusAt], .. args[(corpusAt + 2)..]];
        }

        if (Grid.Apply(args) is not string[] rest)
        {
            return 2;
        }

        args = rest;
        if (args.Length == 0)
        {
            // With no arguments BenchmarkSwitcher would prompt on the console; a bench run must never wait for input.
            Console.Error.WriteLine("""
                usage:
                  WarpZip.Benchmarks corpus <DIR> [--runs N] [--files a,b,c] [--json out.json]
                  WarpZip.Benchmarks memory [GiB] [--corpus DIR] [--json out.json]
                  WarpZip.Benchmarks ceiling <DIR> [--runs N]
                  WarpZip.Benchmarks device          (hardware-path costs on the device model, not hardware)
                  WarpZip.Benchmarks plot <results.csv> <out.png> [--svg out.svg] [--title TEXT]
                  WarpZip.Benchmarks zlib-version
                  WarpZip.Benchmarks <BenchmarkDotNet arguments> [--corpus DIR], e.g. --filter '*' or --list flat
                """);
            return 2;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
