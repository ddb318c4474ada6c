using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WarpZip.Diagnostics;

/// <summary>
/// Process-wide counters under the meter "WarpZip" (System.Diagnostics.Metrics), for dotnet-counters,
/// OpenTelemetry or a MeterListener: bytes and requests per engine, fallbacks per reason, and the
/// accelerator's in-flight depth.
/// </summary>
internal static class WarpZipMetrics
{
    public const string MeterName = "WarpZip";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Uncompressed bytes handled, tagged engine (software|hardware) and direction (compress|decompress).</summary>
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("warpzip.bytes", unit: "By", description: "Uncompressed bytes processed");

    /// <summary>Chunks or members processed, tagged engine and direction.</summary>
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("warpzip.requests", unit: "{request}", description: "Chunks processed");

    /// <summary>Chunks meant for the accelerator that ran in software, tagged reason.</summary>
    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("warpzip.fallbacks", unit: "{request}", description: "Requests redone or kept in software");

    /// <summary>Requests on the accelerator right now.</summary>
    private static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>("warpzip.device.inflight", unit: "{request}", description: "Device requests in flight");

    public static void Chunk(bool onDevice, bool compress, long uncompressedBytes)
    {
        var tags = new TagList
        {
            { "engine", onDevice ? "hardware" : "software" },
            { "direction", compress ? "compress" : "decompress" },
        };
        Bytes.Add(uncompressedBytes, tags);
        Requests.Add(1, tags);
    }

    /// <summary>Decompressed bytes delivered to a caller.</summary>
    public static void Decompressed(long uncompressedBytes) =>
        Bytes.Add(uncompressedBytes, new KeyValuePair<string, object?>("direction", "decompress"));

    public static void Fallback(WarpZipFallbackReason reason) =>
        Fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));

    public static void DeviceSubmitted() => InFlight.Add(1);

    public static void DeviceCompleted() => InFlight.Add(-1);
}
