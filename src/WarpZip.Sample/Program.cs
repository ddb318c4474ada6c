// Compresses one file to FILE.gz with WarpGZipStream: the swap-in example from the README, runnable.
// Stands in for the `warpzip` tool until that lands.
using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using WarpZip;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: WarpZip.Sample FILE [OUTPUT]   (OUTPUT defaults to FILE.gz)");
    return 2;
}

string input = args[0];
string output = args.Length == 2 ? args[1] : input + ".gz";
string temporary = output + ".tmp";
var clock = Stopwatch.StartNew();
WarpZipStatistics statistics;
using (FileStream source = File.OpenRead(input))
{
    using FileStream destination = File.Create(temporary);
    using var gzip = new WarpGZipStream(destination, CompressionLevel.Optimal);
    source.CopyTo(gzip);
    gzip.Dispose();
    statistics = gzip.Statistics;
}

File.Move(temporary, output, overwrite: true);
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"{input} -> {output}: {statistics.BytesIn:N0} -> {statistics.BytesOut:N0} bytes " +
    $"({(double)statistics.BytesOut / Math.Max(1, statistics.BytesIn):P1}), {statistics.BytesIn / 1e6 / seconds:F0} MB/s, " +
    $"{statistics.Chunks} chunks ({statistics.ParallelChunks} on workers), engine: {statistics.Engine}");
return 0;
