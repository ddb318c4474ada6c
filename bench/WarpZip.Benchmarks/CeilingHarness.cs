using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;

namespace WarpZip.Benchmarks;

/// <summary>
/// What two cores can give any parallel gzip on this machine: one GZipStream compressing the corpus,
/// against two GZipStreams compressing it at the same time on two threads (perfectly independent work,
/// no coordination at all). 2 × t(one) / t(two) is the ceiling a 2-thread compressor can reach here; the
/// corpus harness's WarpZip ratios are worth reading against it. The same for decompression: one
/// GZipStream inflating the corpus (64 KiB reads, as the corpus harness reads), against two at once.
/// Interleaved runs, medians.
/// </summary>
internal static class CeilingHarness
{
    public static int Run(string[] args)
    {
        if (args.Length < 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: WarpZip.Benchmarks ceiling <DIR> [--runs N]");
            return 2;
        }

        int runs = args.Length >= 3 && args[1] == "--runs" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
        byte[] data = Directory.GetFiles(args[0]).OrderBy(f => f, StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray();
        Console.WriteLine($"# Two-core ceiling on {data.Length:N0} bytes from {args[0]} ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        Console.WriteLine();
        Console.WriteLine("| work | one GZipStream MB/s | two concurrent GZipStreams, total MB/s | ceiling (2 × t1 / t2) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (CompressionLevel level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            Report($"compress {level}", data.Length, runs, _ => Compress(data, level));
        }

        // Each thread reads into its own destination the size of the corpus, as the corpus harness does.
        byte[] gzip = CompressToArray(data);
        byte[][] destinations = [new byte[data.Length], new byte[data.Length]];
        Report("decompress (Optimal output)", data.Length, runs, worker => Decompress(gzip, destinations[worker]));
        return 0;
    }

    // work(0) runs on this thread, work(1) on the second one.
    private static void Report(string what, long bytes, int runs, Action<int> work)
    {
        var one = new List<double>();
        var two = new List<double>();
        work(0); // warm-up
        work(1);
        for (int run = 0; run < runs; run++)
        {
            one.Add(Seconds(() => work(0)));
            two.Add(Seconds(() =>
            {
                var other = new Thread(() => work(1));
                other.Start();
                work(0);
                other.Join();
            }));
        }

        double t1 = Median(one);
        double t2 = Median(two);
        Console.WriteLine($"| {what} | {bytes / t1 / 1e6:F1} | {2 * bytes / t2 / 1e6:F1} | {2 * t1 / t2:F2}× |");
    }

    private static byte[] CompressToArray(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static void Decompress(byte[] gzip, byte[] destination)
    {
        using var stream = new GZipStream(new MemoryStream(gzip, writable: false), CompressionMode.Decompress);
        int total = 0;
        int read;
        while ((read = stream.Read(destination.AsSpan(total, Math.Min(CorpusHarness.IoSize, destination.Length - total)))) > 0)
        {
            total += read;
        }
    }

    private static void Compress(byte[] data, CompressionLevel level)
    {
        using var gzip = new GZipStream(Stream.Null, level);
        gzip.Write(data);
    }

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
