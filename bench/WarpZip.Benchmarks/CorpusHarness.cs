using System;
using System.Collections.Generic;
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
/// The corpus throughput harness: the figures quoted for a release come from here.
/// <c>corpus &lt;DIR&gt; [--runs N] [--files a,b,c] [--json out.json]</c>.
/// </summary>
/// <remarks>
/// The chosen files are concatenated into one in-memory buffer, so disk speed never enters. Each case
/// runs one untimed warm-up of both implementations, then N timed runs in which GZipStream and
/// WarpGZipStream alternate (ABBA order), and reports medians plus the median of the per-run
/// WarpZip/GZipStream ratios: pairing runs cancels drift in machine speed (thermal, noisy neighbours).
/// </remarks>
internal static class CorpusHarness
{
    /// <summary>Callers write and read in pieces of this size, as Stream.CopyTo would.</summary>
    internal const int IoSize = 64 * 1024;

    private const double BytesPerMB = 1e6;
    private const long SmallBytesPerRun = 8L * 1024 * 1024;
    private const int SmallDistinctPayloads = 256;
    private static readonly int[] s_smallSizes = [1024, 4096, 16384, 65536];

    private const double OtherLoadWarning = 0.2;
    private static double s_maxOthers;

    private static readonly Target s_compressSpeedup = new(">=", 1.8);
    private static readonly Target s_compressSize = new("<=", 1.005);
    private static readonly Target s_indexedSpeedup = new(">=", 1.7);
    private static readonly Target s_noSlower = new(">=", 1.0);
    private static readonly Target s_smallTime = new("<=", 1.1);

    public static int Run(string[] args)
    {
        if (!TryParse(args, out Settings? settings, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: corpus <DIR> [--runs N] [--files a,b,c] [--json out.json]");
            return 2;
        }

        Corpus corpus;
        try
        {
            corpus = Corpus.Load(settings.Directory, settings.Files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"cannot read the corpus: {e.Message}");
            return 2;
        }

        if (corpus.Data.Length == 0)
        {
            Console.Error.WriteLine($"the corpus in {settings.Directory} is empty");
            return 2;
        }

        var report = new Report(MachineInfo.Current(), corpus.Describe(), settings.Runs, LoadAverage(), [], [], []);
        Progress($"corpus: {corpus.Data.Length:N0} bytes from {corpus.Files.Count} files; {settings.Runs} runs + 1 warm-up per case");

        var run = new CaseRunner(corpus.Data, settings.Runs, report);
        run.Throughput();
        run.SmallPayloads();
        report.LoadAverageAtEnd = LoadAverage();
        report.MaxOtherProcessesCores = s_maxOthers;

        Console.WriteLine(Markdown(report));
        if (settings.JsonPath is not null)
        {
            File.WriteAllText(settings.JsonPath, JsonSerializer.Serialize(report, JsonOptions));
            Progress($"wrote {settings.JsonPath}");
        }

        return report.Failures.Count == 0 ? 0 : 1;
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    internal static void Progress(string message) => Console.Error.WriteLine(Invariant($"[{DateTime.Now:HH:mm:ss}] {message}"));

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    internal static void WriteInPieces(Stream destination, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            int take = Math.Min(IoSize, source.Length);
            destination.Write(source[..take]);
            source = source[take..];
        }
    }

    /// <summary>Reads <paramref name="source"/> to its end into <paramref name="destination"/>, which must be exactly <paramref name="expected"/> long.</summary>
    private static void ReadExpected(Stream source, byte[] destination, int expected)
    {
        int total = 0;
        int read;
        while ((read = source.Read(destination.AsSpan(total, Math.Min(IoSize, destination.Length - total)))) > 0)
        {
            total += read;
            if (total > expected)
            {
                throw new InvalidDataException(Invariant($"decoder produced more than the {expected:N0} bytes expected"));
            }
        }

        if (total != expected)
        {
            throw new InvalidDataException(Invariant($"decoder produced {total:N0} bytes, expected {expected:N0}"));
        }
    }

    private static void VerifySame(string what, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (!actual.SequenceEqual(expected))
        {
            int mismatch = actual.CommonPrefixLength(expected);
            throw new InvalidDataException(Invariant($"{what}: output differs from the original at byte {mismatch:N0} of {expected.Length:N0}"));
        }
    }

    private static (double Wall, double Cpu, double Others) Time(Action action)
    {
        // Collect before, not during: each run starts with the same heap, and garbage from the previous
        // run is not charged to this one.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        double? systemStart = SystemBusySeconds();
        TimeSpan cpuStart = ProcessorTime();
        long start = Stopwatch.GetTimestamp();
        action();
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpu = (ProcessorTime() - cpuStart).TotalSeconds;
        double? systemEnd = SystemBusySeconds();
        double others = systemStart is double a && systemEnd is double b ? Math.Max(0, (b - a - cpu) / wall) : double.NaN;
        return (wall, cpu, others);
    }

    /// <summary>
    /// CPU seconds all processes have used since boot (Linux /proc/stat, in USER_HZ = 1/100 s ticks), so
    /// the CPU that other processes took during a run can be shown next to the result.
    /// </summary>
    internal static double? SystemBusySeconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            string? line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                return null;
            }

            long[] ticks = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(t => long.Parse(t, CultureInfo.InvariantCulture))];

            // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
            return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + (ticks.Length > 7 ? ticks[7] : 0)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    // CPU time of the whole process: CPU/wall near the core count shows the work really ran in parallel,
    // and a low figure on a parallel case points at other load on the machine.
    internal static TimeSpan ProcessorTime()
    {
        using Process process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Per run: wall seconds, this process's CPU seconds, and cores' worth of CPU other processes used meanwhile.</summary>
    internal sealed record Timings(double[] Wall, double[] Cpu, double[] Others);

    /// <summary>Warm-up of both, an optional check, then <paramref name="runs"/> interleaved timed runs.</summary>
    private static (Timings GZip, Timings Warp) MeasurePair(string name, int runs, Action gzip, Action warp, Action? afterWarmup)
    {
        Progress($"{name}: warm-up");
        gzip();
        warp();
        afterWarmup?.Invoke();

        var gzipTimes = new Timings(new double[runs], new double[runs], new double[runs]);
        var warpTimes = new Timings(new double[runs], new double[runs], new double[runs]);
        for (int i = 0; i < runs; i++)
        {
            // Alternate who goes first so neither implementation always runs on a warmer (or hotter) machine.
            if (i % 2 == 0)
            {
                (gzipTimes.Wall[i], gzipTimes.Cpu[i], gzipTimes.Others[i]) = Time(gzip);
                (warpTimes.Wall[i], warpTimes.Cpu[i], warpTimes.Others[i]) = Time(warp);
            }
            else
            {
                (warpTimes.Wall[i], warpTimes.Cpu[i], warpTimes.Others[i]) = Time(warp);
                (gzipTimes.Wall[i], gzipTimes.Cpu[i], gzipTimes.Others[i]) = Time(gzip);
            }

            Progress(Invariant($"{name}: run {i + 1}/{runs}: GZipStream {gzipTimes.Wall[i]:F3} s (CPU {gzipTimes.Cpu[i]:F3} s, others {gzipTimes.Others[i]:F2} cores), WarpGZipStream {warpTimes.Wall[i]:F3} s (CPU {warpTimes.Cpu[i]:F3} s, others {warpTimes.Others[i]:F2} cores)"));
            s_maxOthers = Math.Max(s_maxOthers, Math.Max(gzipTimes.Others[i], warpTimes.Others[i]));
        }

        return (gzipTimes, warpTimes);
    }

    private sealed class CaseRunner(byte[] data, int runs, Report report)
    {
        private readonly byte[] _gzipDestination = new byte[data.Length];
        private readonly byte[] _warpDestination = new byte[data.Length];

        public void Throughput()
        {
            int capacity = data.Length + (data.Length / 16) + (1 << 20);
            using var gzipOutput = new MemoryStream(capacity);
            using var warpOutput = new MemoryStream(capacity);

            byte[]? gzipOptimal = null;
            Guard("compress Optimal", () =>
            {
                Compress("compress Optimal", CompressionLevel.Optimal, gzipOutput, warpOutput, s_compressSize);
                gzipOptimal = gzipOutput.ToArray();
            });
            Guard("compress Fastest", () => Compress("compress Fastest", CompressionLevel.Fastest, gzipOutput, warpOutput, null));

            if (gzipOptimal is null)
            {
                // The decompression inputs come from the Optimal case; without it, make GZipStream's output here.
                gzipOutput.SetLength(0);
                using (var gzip = new GZipStream(gzipOutput, CompressionLevel.Optimal, leaveOpen: true))
                {
                    WriteInPieces(gzip, data);
                }

                gzipOptimal = gzipOutput.ToArray();
            }

            Guard("decompress IndexedMembers", () =>
            {
                warpOutput.SetLength(0);
                var indexedOptions = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers };
                using (var warp = new WarpGZipStream(warpOutput, CompressionLevel.Optimal, indexedOptions, leaveOpen: true))
                {
                    WriteInPieces(warp, data);
                }

                byte[] indexed = warpOutput.ToArray();

                // Stock readers must accept the framing too, or it is not gzip.
                using (var stock = new GZipStream(new MemoryStream(indexed, writable: false), CompressionMode.Decompress))
                {
                    ReadExpected(stock, _gzipDestination, data.Length);
                }

                VerifySame("GZipStream reading WarpGZipStream IndexedMembers output", data, _gzipDestination);
                Decompress(
                    "decompress IndexedMembers",
                    "WarpGZipStream reads its own IndexedMembers output (Optimal); GZipStream reads its own Optimal output",
                    gzipOptimal,
                    indexed,
                    s_indexedSpeedup);
            });

            Guard("decompress single-member", () => Decompress(
                "decompress single-member",
                "both read GZipStream's Optimal output (one ordinary gzip member)",
                gzipOptimal,
                gzipOptimal,
                s_noSlower));
        }

        private void Compress(string name, CompressionLevel level, MemoryStream gzipOutput, MemoryStream warpOutput, Target? sizeTarget)
        {
            WarpZipStatistics statistics = default;
            (Timings gzipSeconds, Timings warpSeconds) = MeasurePair(
                name,
                runs,
                () =>
                {
                    gzipOutput.SetLength(0);
                    using var gzip = new GZipStream(gzipOutput, level, leaveOpen: true);
                    WriteInPieces(gzip, data);
                },
                () =>
                {
                    warpOutput.SetLength(0);
                    var warp = new WarpGZipStream(warpOutput, level, leaveOpen: true);
                    using (warp)
                    {
                        WriteInPieces(warp, data);
                    }

                    statistics = warp.Statistics;
                },
                () =>
                {
                    using var stock = new GZipStream(new MemoryStream(warpOutput.GetBuffer(), 0, (int)warpOutput.Length, writable: false), CompressionMode.Decompress);
                    ReadExpected(stock, _warpDestination, data.Length);
                    VerifySame($"{name}: GZipStream reading WarpGZipStream output", data, _warpDestination);
                });

            long gzipBytes = gzipOutput.Length;
            long warpBytes = warpOutput.Length;
            double sizeRatio = (double)warpBytes / gzipBytes;
            report.Throughput.Add(ThroughputCase.Create(
                name,
                Invariant($"compress at {level}: GZipStream vs WarpGZipStream (default options), {IoSize / 1024} KiB writes into a MemoryStream"),
                data.Length,
                gzipSeconds,
                warpSeconds,
                gzipBytes,
                warpBytes,
                s_compressSpeedup,
                sizeRatio,
                sizeTarget,
                statistics));
        }

        private void Decompress(string name, string description, byte[] gzipInput, byte[] warpInput, Target target)
        {
            WarpZipStatistics statistics = default;
            (Timings gzipSeconds, Timings warpSeconds) = MeasurePair(
                name,
                runs,
                () =>
                {
                    using var gzip = new GZipStream(new MemoryStream(gzipInput, writable: false), CompressionMode.Decompress);
                    ReadExpected(gzip, _gzipDestination, data.Length);
                },
                () =>
                {
                    var warp = new WarpGZipStream(new MemoryStream(warpInput, writable: false), CompressionMode.Decompress);
                    using (warp)
                    {
                        ReadExpected(warp, _warpDestination, data.Length);
                        statistics = warp.Statistics;
                    }
                },
                () => VerifySame($"{name}: WarpGZipStream output", data, _warpDestination));

            report.Throughput.Add(ThroughputCase.Create(
                name,
                Invariant($"{description}; {IoSize / 1024} KiB reads into a byte[]"),
                data.Length,
                gzipSeconds,
                warpSeconds,
                gzipInput.Length,
                warpInput.Length,
                target,
                (double)warpInput.Length / gzipInput.Length,
                null,
                statistics));
        }

        public void SmallPayloads()
        {
            foreach (int size in s_smallSizes)
            {
                if (data.Length < size)
                {
                    continue;
                }

                // Distinct slices spread over the whole corpus, so every kind of file contributes.
                int distinct = Math.Max(1, Math.Min(SmallDistinctPayloads, data.Length / size));
                long stride = (data.Length - size) / distinct;
                ReadOnlyMemory<byte>[] payloads = new ReadOnlyMemory<byte>[distinct];
                for (int k = 0; k < distinct; k++)
                {
                    payloads[k] = data.AsMemory((int)(k * stride), size);
                }

                int operations = (int)Math.Max(distinct, SmallBytesPerRun / size);
                Guard(Invariant($"small {size} compress"), () => SmallCompress(size, payloads, operations));
                Guard(Invariant($"small {size} decompress"), () => SmallDecompress(size, payloads, operations));
            }
        }

        private void SmallCompress(int size, ReadOnlyMemory<byte>[] payloads, int operations)
        {
            using var output = new MemoryStream((size * 2) + 4096);
            byte[] check = new byte[size];
            (Timings gzipSeconds, Timings warpSeconds) = MeasurePair(
                Invariant($"small {size} B compress"),
                runs,
                () =>
                {
                    for (int i = 0; i < operations; i++)
                    {
                        output.SetLength(0);
                        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
                        gzip.Write(payloads[i % payloads.Length].Span);
                    }
                },
                () =>
                {
                    for (int i = 0; i < operations; i++)
                    {
                        output.SetLength(0);
                        using var warp = new WarpGZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
                        warp.Write(payloads[i % payloads.Length].Span);
                    }
                },
                () =>
                {
                    foreach (ReadOnlyMemory<byte> payload in payloads)
                    {
                        output.SetLength(0);
                        using (var warp = new WarpGZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                        {
                            warp.Write(payload.Span);
                        }

                        using var stock = new GZipStream(new MemoryStream(output.ToArray(), writable: false), CompressionMode.Decompress);
                        ReadExpected(stock, check, size);
                        VerifySame(Invariant($"small {size} B compress: GZipStream reading WarpGZipStream output"), payload.Span, check);
                    }
                });

            report.Small.Add(SmallCase.Create(size, "compress", operations, payloads.Length, gzipSeconds.Wall, warpSeconds.Wall, s_smallTime));
        }

        private void SmallDecompress(int size, ReadOnlyMemory<byte>[] payloads, int operations)
        {
            byte[][] inputs = new byte[payloads.Length][];
            using (var output = new MemoryStream())
            {
                for (int k = 0; k < payloads.Length; k++)
                {
                    output.SetLength(0);
                    using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                    {
                        gzip.Write(payloads[k].Span);
                    }

                    inputs[k] = output.ToArray();
                }
            }

            byte[] destination = new byte[size];
            (Timings gzipSeconds, Timings warpSeconds) = MeasurePair(
                Invariant($"small {size} B decompress"),
                runs,
                () =>
                {
                    for (int i = 0; i < operations; i++)
                    {
                        using var gzip = new GZipStream(new MemoryStream(inputs[i % inputs.Length], writable: false), CompressionMode.Decompress);
                        ReadExpected(gzip, destination, size);
                    }
                },
                () =>
                {
                    for (int i = 0; i < operations; i++)
                    {
                        using var warp = new WarpGZipStream(new MemoryStream(inputs[i % inputs.Length], writable: false), CompressionMode.Decompress);
                        ReadExpected(warp, destination, size);
                    }
                },
                () =>
                {
                    for (int k = 0; k < inputs.Length; k++)
                    {
                        using var warp = new WarpGZipStream(new MemoryStream(inputs[k], writable: false), CompressionMode.Decompress);
                        ReadExpected(warp, destination, size);
                        VerifySame(Invariant($"small {size} B decompress: WarpGZipStream output"), payloads[k].Span, destination);
                    }
                });

            report.Small.Add(SmallCase.Create(size, "decompress", operations, payloads.Length, gzipSeconds.Wall, warpSeconds.Wall, s_smallTime));
        }

        /// <summary>A library bug in one case is reported with its evidence; the other cases still run.</summary>
        private void Guard(string name, Action action)
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // The harness must survive any failure of the library under test and report it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Progress($"{name}: FAILED: {e.GetType().FullName}: {e.Message}");
                report.Failures.Add(new Failure(name, e.GetType().FullName ?? e.GetType().Name, e.Message, e.ToString()));
            }
        }
    }

    private static string Markdown(Report report)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"## WarpZip corpus harness");
        Line($"");
        Line($"- Machine: {report.Machine.Describe()}");
        Line($"- Corpus: {report.Corpus.Directory}: {report.Corpus.Files.Count} files, {report.Corpus.TotalBytes:N0} bytes ({string.Join(", ", report.Corpus.Files.Select(f => f.Name))})");
        Line($"- Load average (1/5/15 min) at start: {report.LoadAverageAtStart}; at end: {report.LoadAverageAtEnd}. Other processes used up to {report.MaxOtherProcessesCores:F2} cores during a timed run (from /proc/stat).");
        if (report.MaxOtherProcessesCores > OtherLoadWarning)
        {
            Line($"- **WARNING: other processes competed for the CPU during timed runs; parallel speed-ups are understated. Re-run on an idle machine before quoting these figures.**");
        }

        Line($"- Method: 1 warm-up + {report.Runs} timed runs per case, GZipStream and WarpGZipStream interleaved (ABBA); medians; MB/s = uncompressed bytes / 1e6 / s; ratio = median of the per-run WarpZip/GZipStream ratios");
        Line($"");
        Line($"### Throughput");
        Line($"");
        Line($"| Case | GZipStream MB/s | WarpGZipStream MB/s | WarpZip/GZipStream speed | Target | Met |");
        Line($"|---|---:|---:|---:|---|---|");
        foreach (ThroughputCase c in report.Throughput)
        {
            Line($"| {c.Name} | {c.GZip.MedianMBps:F1} | {c.Warp.MedianMBps:F1} | {c.Speedup:F2}× | {c.SpeedupTarget} | {YesNo(c.SpeedupMet)} |");
        }

        Line($"");
        Line($"### Sizes");
        Line($"");
        Line($"| Case | GZipStream bytes | ratio | WarpGZipStream bytes | ratio | WarpZip/GZipStream size | Target | Met |");
        Line($"|---|---:|---:|---:|---:|---:|---|---|");
        foreach (ThroughputCase c in report.Throughput)
        {
            string label = c.Name.StartsWith("decompress", StringComparison.Ordinal) ? c.Name + " (inputs)" : c.Name;
            Line($"| {label} | {c.GZip.CompressedBytes:N0} | {c.GZip.SizeRatio:F4} | {c.Warp.CompressedBytes:N0} | {c.Warp.SizeRatio:F4} | {c.SizeRatio:F4}× | {c.SizeTarget?.ToString() ?? "—"} | {(c.SizeMet is bool met ? YesNo(met) : "—")} |");
        }

        Line($"");
        Line($"### Small payloads (Optimal; slices of the corpus; a new stream per operation)");
        Line($"");
        Line($"| Size | Direction | Ops/run | GZipStream µs/op | WarpGZipStream µs/op | WarpZip/GZipStream time | Target | Met |");
        Line($"|---:|---|---:|---:|---:|---:|---|---|");
        foreach (SmallCase c in report.Small)
        {
            Line($"| {FormatSize(c.Size)} | {c.Direction} | {c.Operations:N0} | {c.GZipMicrosPerOp:F2} | {c.WarpMicrosPerOp:F2} | {c.TimeRatio:F3}× | {c.Target} | {YesNo(c.Met)} |");
        }

        Line($"");
        Line($"### Per-run detail");
        Line($"");
        Line($"| Case | GZipStream MB/s per run | WarpGZipStream MB/s per run | spread (max-min)/median GZip / Warp | CPU/wall GZip / Warp | other processes, max cores GZip / Warp | WarpZip engine, chunks (parallel) |");
        Line($"|---|---|---|---|---|---|---|");
        foreach (ThroughputCase c in report.Throughput)
        {
            Line($"| {c.Name} | {string.Join(", ", c.GZip.MBpsPerRun.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} | {string.Join(", ", c.Warp.MBpsPerRun.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} | {c.GZip.SpreadPercent:F1}% / {c.Warp.SpreadPercent:F1}% | {c.GZip.MedianCpuPerWall:F2} / {c.Warp.MedianCpuPerWall:F2} | {c.GZip.OtherProcessesCoresPerRun.Max():F2} / {c.Warp.OtherProcessesCoresPerRun.Max():F2} | {c.Statistics.Engine}, {c.Statistics.Chunks:N0} ({c.Statistics.ParallelChunks:N0}) |");
        }

        foreach (SmallCase c in report.Small)
        {
            Line($"| small {FormatSize(c.Size)} {c.Direction} (µs/op) | {string.Join(", ", c.GZipMicrosPerRun.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} | {string.Join(", ", c.WarpMicrosPerRun.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))} | | | | |");
        }

        if (report.Failures.Count > 0)
        {
            Line($"");
            Line($"### Failures");
            Line($"");
            foreach (Failure failure in report.Failures)
            {
                Line($"- **{failure.Case}**: `{failure.Exception}`: {failure.Message}");
            }

            Line($"");
            Line($"```");
            foreach (Failure failure in report.Failures)
            {
                Line($"{failure.Case}: {failure.Detail}");
            }

            Line($"```");
        }

        return text.ToString();
    }

    private static string YesNo(bool met) => met ? "yes" : "**NO**";

    internal static string FormatSize(int bytes) => bytes % (1024 * 1024) == 0
        ? Invariant($"{bytes / (1024 * 1024)} MiB")
        : Invariant($"{bytes / 1024} KiB");

    private static bool TryParse(string[] args, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Settings? settings, out string? error)
    {
        settings = null;
        error = null;
        string? directory = null;
        int runs = 5;
        string[]? files = null;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            bool hasValue = i + 1 < args.Length;
            switch (arg)
            {
                case "--runs" when hasValue && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1:
                    runs = n;
                    i++;
                    break;
                case "--files" when hasValue:
                    files = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--json" when hasValue:
                    json = args[++i];
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) || directory is not null)
                    {
                        error = $"unexpected argument '{arg}'";
                        return false;
                    }

                    directory = arg;
                    break;
            }
        }

        if (directory is null)
        {
            error = "the corpus directory is required";
            return false;
        }

        settings = new Settings(directory, runs, files, json);
        return true;
    }

    private sealed record Settings(string Directory, int Runs, string[]? Files, string? JsonPath);

    /// <summary>The corpus: the chosen files, concatenated in order.</summary>
    private sealed record Corpus(string Directory, IReadOnlyList<CorpusFile> Files, byte[] Data)
    {
        public static Corpus Load(string directory, string[]? names)
        {
            if (!System.IO.Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"'{directory}' is not a directory");
            }

            // Ordinal order: the same bytes in the same order on every machine.
            string[] paths = names is null
                ? [.. System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal)]
                : [.. names.Select(name => Path.Combine(directory, name))];

            long total = paths.Sum(path => new FileInfo(path).Length);
            if (total > Array.MaxLength)
            {
                throw new ArgumentException(Invariant($"the corpus is {total:N0} bytes; at most {Array.MaxLength:N0} fit in one buffer"));
            }

            if (names is null && total < 16 * 1024 * 1024)
            {
                string[] subdirectories = [.. System.IO.Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal)];
                if (subdirectories.Length > 0)
                {
                    string largest = subdirectories.MaxBy(sub => System.IO.Directory.EnumerateFiles(sub).Sum(path => new FileInfo(path).Length))!;
                    Progress(Invariant($"warning: only {total:N0} bytes of files directly in {directory}; its subdirectories ({string.Join(", ", subdirectories.Select(Path.GetFileName))}) are not read. Pass one of them, e.g. {largest}, or --files sub/file,..."));
                }
            }

            byte[] data = GC.AllocateUninitializedArray<byte>((int)total);
            var files = new List<CorpusFile>(paths.Length);
            int offset = 0;
            foreach (string path in paths)
            {
                using FileStream file = File.OpenRead(path);
                int length = (int)file.Length;
                file.ReadExactly(data, offset, length);
                offset += length;
                files.Add(new CorpusFile(Path.GetRelativePath(directory, path), length));
            }

            return new Corpus(Path.GetFullPath(directory), files, data);
        }

        public CorpusInfo Describe() => new(Directory, Files, Data.Length);
    }

    internal sealed record CorpusFile(string Name, long Bytes);

    internal sealed record CorpusInfo(string Directory, IReadOnlyList<CorpusFile> Files, long TotalBytes);

    /// <summary>A target such as "≥ 1.8×": <paramref name="Comparison"/> is "&gt;=" or "&lt;=".</summary>
    internal sealed record Target(string Comparison, double Value)
    {
        public bool IsMetBy(double measured) => Comparison == ">=" ? measured >= Value : measured <= Value;

        public override string ToString() => Invariant($"{(Comparison == ">=" ? "≥" : "≤")} {Value}×");
    }

    internal sealed record ImplementationResult(
        string Implementation,
        IReadOnlyList<double> SecondsPerRun,
        [property: JsonPropertyName("mbPerSecondPerRun")] IReadOnlyList<double> MBpsPerRun,
        double MedianSeconds,
        [property: JsonPropertyName("medianMBPerSecond")] double MedianMBps,
        double SpreadPercent,
        IReadOnlyList<double> CpuSecondsPerRun,
        double MedianCpuPerWall,
        IReadOnlyList<double> OtherProcessesCoresPerRun,
        long CompressedBytes,
        double SizeRatio)
    {
        public static ImplementationResult Create(string implementation, long uncompressedBytes, Timings timings, long compressedBytes)
        {
            double[] mbps = [.. timings.Wall.Select(s => uncompressedBytes / BytesPerMB / s)];
            double median = Median(mbps);
            return new(
                implementation,
                timings.Wall,
                mbps,
                Median(timings.Wall),
                median,
                (mbps.Max() - mbps.Min()) / median * 100,
                timings.Cpu,
                Median([.. timings.Cpu.Zip(timings.Wall, (c, w) => c / w)]),
                timings.Others,
                compressedBytes,
                (double)compressedBytes / uncompressedBytes);
        }
    }

    internal sealed record ThroughputCase(
        string Name,
        string Description,
        [property: JsonPropertyName("gzip")] ImplementationResult GZip,
        ImplementationResult Warp,
        IReadOnlyList<double> SpeedupPerRun,
        double Speedup,
        Target SpeedupTarget,
        bool SpeedupMet,
        double SizeRatio,
        Target? SizeTarget,
        bool? SizeMet,
        WarpZipStatistics Statistics)
    {
        public static ThroughputCase Create(
            string name,
            string description,
            long uncompressedBytes,
            Timings gzipSeconds,
            Timings warpSeconds,
            long gzipCompressed,
            long warpCompressed,
            Target speedupTarget,
            double sizeRatio,
            Target? sizeTarget,
            WarpZipStatistics statistics)
        {
            double[] speedups = [.. gzipSeconds.Wall.Zip(warpSeconds.Wall, (g, w) => g / w)];
            double speedup = Median(speedups);
            return new(
                name,
                description,
                ImplementationResult.Create("GZipStream", uncompressedBytes, gzipSeconds, gzipCompressed),
                ImplementationResult.Create("WarpGZipStream", uncompressedBytes, warpSeconds, warpCompressed),
                speedups,
                speedup,
                speedupTarget,
                speedupTarget.IsMetBy(speedup),
                sizeRatio,
                sizeTarget,
                sizeTarget?.IsMetBy(sizeRatio),
                statistics);
        }
    }

    internal sealed record SmallCase(
        int Size,
        string Direction,
        int Operations,
        int DistinctPayloads,
        [property: JsonPropertyName("gzipMicrosPerRun")] IReadOnlyList<double> GZipMicrosPerRun,
        IReadOnlyList<double> WarpMicrosPerRun,
        [property: JsonPropertyName("gzipMicrosPerOp")] double GZipMicrosPerOp,
        double WarpMicrosPerOp,
        IReadOnlyList<double> TimeRatioPerRun,
        double TimeRatio,
        Target Target,
        bool Met)
    {
        public static SmallCase Create(int size, string direction, int operations, int distinct, double[] gzipSeconds, double[] warpSeconds, Target target)
        {
            double[] gzipMicros = [.. gzipSeconds.Select(s => s * 1e6 / operations)];
            double[] warpMicros = [.. warpSeconds.Select(s => s * 1e6 / operations)];
            double[] ratios = [.. warpSeconds.Zip(gzipSeconds, (w, g) => w / g)];
            double ratio = Median(ratios);
            return new(size, direction, operations, distinct, gzipMicros, warpMicros, Median(gzipMicros), Median(warpMicros), ratios, ratio, target, target.IsMetBy(ratio));
        }
    }

    internal sealed record Failure(string Case, string Exception, string Message, string Detail);

    internal sealed record Report(
        MachineInfo Machine,
        CorpusInfo Corpus,
        int Runs,
        string LoadAverageAtStart,
        List<ThroughputCase> Throughput,
        List<SmallCase> Small,
        List<Failure> Failures)
    {
        public string? LoadAverageAtEnd { get; set; }

        /// <summary>The most CPU (in cores) other processes used during any timed run.</summary>
        public double MaxOtherProcessesCores { get; set; }
    }
}
