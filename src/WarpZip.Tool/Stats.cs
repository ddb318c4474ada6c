using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace WarpZip.Tool;

/// <summary>
/// --stats (text) and --stats=json (one JSON object per line, one line per input): bytes in and out,
/// ratio, throughput, the engine that ran, chunks, and the reasons the tool fell back from hardware to
/// software. Always on stderr, so stdout stays the data.
/// </summary>
internal static class Stats
{
    public static void Emit(Options options, Operation operation, string input, string output, WarpZipStatistics statistics, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stats == StatsMode.None)
        {
            return;
        }

        bool compressing = operation == Operation.Compress;
        long uncompressed = compressing ? statistics.BytesIn : statistics.BytesOut;
        long compressed = compressing ? statistics.BytesOut : statistics.BytesIn;
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        double ratio = uncompressed == 0 ? 0 : (double)compressed / uncompressed;
        double throughput = uncompressed / seconds;
        string operationName = operation.ToString().ToLowerInvariant();
        Progress.ClearLine();
        if (options.Stats == StatsMode.Json)
        {
            Console.Error.WriteLine(ToJson(options, operationName, input, output, statistics, seconds, ratio, throughput));
            return;
        }

        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.Append(c, $"warpzip: stats: {input} -> {output}").AppendLine();
        text.Append(c, $"  operation    {operationName} ({options.FormatName}{(compressing ? $", level {options.Level}" : string.Empty)}{(compressing && options.Format == ToolFormat.GZip ? ", " + FramingName(options) + " framing" : string.Empty)})").AppendLine();
        text.Append(c, $"  engine       {statistics.Engine}; backend {BackendName(options)}").AppendLine();
        text.Append(c, $"  bytes in     {statistics.BytesIn:N0}").AppendLine();
        text.Append(c, $"  bytes out    {statistics.BytesOut:N0}").AppendLine();
        text.Append(c, $"  ratio        {ratio * 100:F1}% (compressed / uncompressed)").AppendLine();
        text.Append(c, $"  throughput   {throughput / (1024 * 1024):F1} MiB/s of uncompressed data ({seconds:F3} s)").AppendLine();
        text.Append(c, $"  chunks       {statistics.Chunks:N0} ({statistics.ParallelChunks:N0} on workers), chunk size {options.EffectiveChunkSize:N0}, parallelism {options.EffectiveThreads}").AppendLine();
        if (options.HisiInterface)
        {
            text.Append(c, $"  test_hisi_zip queues {(options.Queues?.ToString(c) ?? "default")}, block size {(options.RequestedBlockSize?.ToString("N0", c) ?? "default")}, requests in flight {options.EffectiveThreads}").AppendLine();
        }

        text.Append(c, $"  device       {statistics.HardwareChunks:N0} chunks on the accelerator, {statistics.FallbackChunks:N0} redone in software").AppendLine();
        text.Append(statistics.FallbackReasons.Count == 0
            ? "  fallbacks    none"
            : "  fallbacks    " + string.Join(", ", statistics.FallbackReasons));
        Console.Error.WriteLine(text.ToString());
    }

    private static string ToJson(Options options, string operation, string input, string output, WarpZipStatistics statistics, double seconds, double ratio, double throughput)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("operation", operation);
            json.WriteString("format", options.FormatName);
            json.WriteString("input", input);
            json.WriteString("output", output);
            json.WriteString("engine", statistics.Engine);
            json.WriteString("backend", BackendName(options));
            if (operation == "compress")
            {
                json.WriteNumber("level", options.Level);
                if (options.Format == ToolFormat.GZip)
                {
                    json.WriteString("framing", FramingName(options));
                }
            }

            json.WriteNumber("bytes_in", statistics.BytesIn);
            json.WriteNumber("bytes_out", statistics.BytesOut);
            json.WriteNumber("ratio", Math.Round(ratio, 6));
            json.WriteNumber("seconds", Math.Round(seconds, 6));
            json.WriteNumber("throughput_bytes_per_second", Math.Round(throughput));
            json.WriteNumber("chunks", statistics.Chunks);
            json.WriteNumber("parallel_chunks", statistics.ParallelChunks);
            json.WriteNumber("chunk_size", options.EffectiveChunkSize);
            json.WriteNumber("parallelism", options.EffectiveThreads);
            if (options.HisiInterface)
            {
                json.WriteString("interface", "test_hisi_zip");
                WriteOptionalNumber(json, "queues", options.Queues);
                WriteOptionalNumber(json, "block_size", options.RequestedBlockSize);
                json.WriteNumber("requests_in_flight", options.EffectiveThreads);
            }

            json.WriteNumber("hardware_chunks", statistics.HardwareChunks);
            json.WriteNumber("fallback_chunks", statistics.FallbackChunks);
            json.WriteStartArray("fallback_reasons");
            foreach (WarpZipFallbackReason reason in statistics.FallbackReasons)
            {
                json.WriteStringValue(reason.ToString());
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteOptionalNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string BackendName(Options options) => options.Backend.ToString().ToLowerInvariant();

    private static string FramingName(Options options) =>
        options.EffectiveFraming == WarpZipFraming.IndexedMembers ? "indexed" : "single";
}
