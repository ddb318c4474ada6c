using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WarpZip.Benchmarks;

/// <summary>
/// Streamed memory: <c>memory [GiB] [--corpus DIR] [--json out.json]</c> compresses that many GiB
/// (default 2) through one WarpGZipStream into <see cref="Stream.Null"/> in 64 KiB writes, and reports
/// how much the process's peak working set grew. A streaming compressor must hold a bounded window of
/// chunks, whatever the input length.
/// </summary>
internal static class MemoryHarness
{
    private const long GiB = 1024L * 1024 * 1024;
    private const double MiB = 1024 * 1024;
    private const int GeneratedSourceBytes = 8 * 1024 * 1024;
    private const double AddedPeakTargetMiB = 64;

    public static int Run(string[] args)
    {
        double gib = 2;
        string? corpusDirectory = null;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            bool hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--corpus" when hasValue:
                    corpusDirectory = args[++i];
                    break;
                case "--json" when hasValue:
                    json = args[++i];
                    break;
                default:
                    if (!double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out gib) || gib <= 0 || double.IsInfinity(gib))
                    {
                        Console.Error.WriteLine($"unexpected argument '{args[i]}'");
                        Console.Error.WriteLine("usage: memory [GiB] [--corpus DIR] [--json out.json]");
                        return 2;
                    }

                    break;
            }
        }

        // The source is held in memory before the baseline is taken, so only the stream's own memory is measured.
        byte[] source = corpusDirectory is null ? Payloads.Text(GeneratedSourceBytes, seed: 7) : LoadCorpus(corpusDirectory);
        string sourceDescription = corpusDirectory is null
            ? Invariant($"deterministic generated text, {source.Length:N0} bytes repeated")
            : Invariant($"all files in {Path.GetFullPath(corpusDirectory)} concatenated, {source.Length:N0} bytes repeated");
        long total = (long)(gib * GiB);

        var machine = MachineInfo.Current();
        using Process process = Process.GetCurrentProcess();
        Settle(process);
        bool peakReset = TryResetPeak();
        process.Refresh();
        long peakBefore = process.PeakWorkingSet64;
        long workingSetBefore = process.WorkingSet64;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen2Before = GC.CollectionCount(2);

        CorpusHarness.Progress(Invariant($"memory: compressing {total:N0} bytes ({gib} GiB) through WarpGZipStream (Optimal, default options) into Stream.Null"));
        double? systemStart = CorpusHarness.SystemBusySeconds();
        TimeSpan cpuStart = CorpusHarness.ProcessorTime();
        long start = Stopwatch.GetTimestamp();
        var warp = new WarpGZipStream(Stream.Null, CompressionLevel.Optimal, leaveOpen: true);
        using (warp)
        {
            long written = 0;
            int offset = 0;
            while (written < total)
            {
                int take = (int)Math.Min(Math.Min(CorpusHarness.IoSize, source.Length - offset), total - written);
                warp.Write(source, offset, take);
                written += take;
                offset += take;
                if (offset == source.Length)
                {
                    offset = 0;
                }
            }
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpu = (CorpusHarness.ProcessorTime() - cpuStart).TotalSeconds;
        double? systemEnd = CorpusHarness.SystemBusySeconds();
        double others = systemStart is double a && systemEnd is double b ? Math.Max(0, (b - a - cpu) / seconds) : double.NaN;
        WarpZipStatistics statistics = warp.Statistics;
        long allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        int gen2After = GC.CollectionCount(2);
        Settle(process);
        long peakAfter = process.PeakWorkingSet64;
        long workingSetAfter = process.WorkingSet64;

        double addedMiB = (peakAfter - peakBefore) / MiB;
        var result = new MemoryResult(
            machine,
            sourceDescription,
            total,
            seconds,
            total / 1e6 / seconds,
            cpu,
            others,
            peakReset,
            peakBefore,
            peakAfter,
            addedMiB,
            AddedPeakTargetMiB,
            addedMiB < AddedPeakTargetMiB,
            workingSetBefore,
            workingSetAfter,
            allocatedAfter - allocatedBefore,
            gen2After - gen2Before,
            statistics);

        Console.WriteLine(Markdown(result));
        if (json is not null)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(result, CorpusHarness.JsonOptions));
            CorpusHarness.Progress($"wrote {json}");
        }

        return result.Met ? 0 : 1;
    }

    private static void Settle(Process process)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
    }

    /// <summary>
    /// Linux keeps the peak (VmHWM) for the life of the process; writing 5 to clear_refs resets it to
    /// the current size, so "before" is where the process stands now, not what loading the source cost.
    /// </summary>
    private static bool TryResetPeak()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }

    private static byte[] LoadCorpus(string directory)
    {
        string[] paths = [.. Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal)];
        long total = paths.Sum(path => new FileInfo(path).Length);
        if (total == 0 || total > Array.MaxLength)
        {
            throw new ArgumentException(Invariant($"the corpus in {directory} is {total:N0} bytes"), nameof(directory));
        }

        byte[] data = GC.AllocateUninitializedArray<byte>((int)total);
        int offset = 0;
        foreach (string path in paths)
        {
            using FileStream file = File.OpenRead(path);
            int length = (int)file.Length;
            file.ReadExactly(data, offset, length);
            offset += length;
        }

        return data;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Markdown(MemoryResult r)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"## WarpZip streamed memory");
        Line($"");
        Line($"- Machine: {r.Machine.Describe()}");
        Line($"- Source: {r.Source}; written in {CorpusHarness.IoSize / 1024} KiB writes to WarpGZipStream (Optimal, default options) over Stream.Null");
        Line($"- Peak working set: Process.PeakWorkingSet64 after a full GC; baseline peak {(r.PeakReset ? "reset to the current working set first (/proc/self/clear_refs)" : "NOT reset (includes start-up and loading the source)")}");
        Line($"");
        Line($"| Figure | Value | Target | Met |");
        Line($"|---|---:|---|---|");
        Line($"| Uncompressed bytes | {r.UncompressedBytes:N0} ({r.UncompressedBytes / (double)GiB:F2} GiB) | | |");
        Line($"| Compressed bytes | {r.Statistics.BytesOut:N0} (ratio {(double)r.Statistics.BytesOut / r.UncompressedBytes:F4}) | | |");
        Line($"| Time | {r.Seconds:F2} s ({r.MBps:F1} MB/s) | | |");
        Line($"| CPU time, CPU/wall | {r.CpuSeconds:F2} s, {r.CpuSeconds / r.Seconds:F2} (other processes meanwhile: {r.OtherProcessesCores:F2} cores) | | |");
        Line($"| Peak working set before | {r.PeakWorkingSetBefore / MiB:F1} MiB | | |");
        Line($"| Peak working set after | {r.PeakWorkingSetAfter / MiB:F1} MiB | | |");
        Line($"| Peak working set added | {r.AddedPeakMiB:F1} MiB | < {r.TargetMiB} MiB | {(r.Met ? "yes" : "**NO**")} |");
        Line($"| Working set before / after | {r.WorkingSetBefore / MiB:F1} / {r.WorkingSetAfter / MiB:F1} MiB | | |");
        Line($"| GC.GetTotalAllocatedBytes delta | {r.AllocatedBytes:N0} B ({r.AllocatedBytes / MiB:F1} MiB) | | |");
        Line($"| Gen 2 collections during the run | {r.Gen2Collections} | | |");
        Line($"| Engine, chunks (parallel) | {r.Statistics.Engine}, {r.Statistics.Chunks:N0} ({r.Statistics.ParallelChunks:N0}) | | |");
        return text.ToString();
    }

    internal sealed record MemoryResult(
        MachineInfo Machine,
        string Source,
        long UncompressedBytes,
        double Seconds,
        [property: JsonPropertyName("mbPerSecond")] double MBps,
        double CpuSeconds,
        double OtherProcessesCores,
        bool PeakReset,
        long PeakWorkingSetBefore,
        long PeakWorkingSetAfter,
        double AddedPeakMiB,
        double TargetMiB,
        bool Met,
        long WorkingSetBefore,
        long WorkingSetAfter,
        long AllocatedBytes,
        int Gen2Collections,
        WarpZipStatistics Statistics);
}
