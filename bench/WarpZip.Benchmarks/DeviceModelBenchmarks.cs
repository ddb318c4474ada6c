using System;
using System.IO;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using WarpZip.DeviceModel;

namespace WarpZip.Benchmarks;

/// <summary>
/// WarpZip's hardware path on the software device model (not hardware): gzip IndexedMembers, 1 MiB
/// chunks, with 1 to 8 requests in flight. With <see cref="ZeroWork"/> the model answers with stored
/// blocks instead of compressing, so what remains is the driver's own cost per request (queue
/// submission, doorbell, completion, verification inflate, framing); <see cref="LatencyMicroseconds"/>
/// adds a fixed device latency per request, which more requests in flight should hide. None of this
/// says how fast a real accelerator is.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory("devicemodel")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the model in [GlobalCleanup].")]
public class DeviceModelBenchmarks
{
    private const int IoSize = 64 * 1024;
    private byte[] _payload = [];
    private byte[] _output = [];
    private HisiZipDeviceModel? _model;
    private WarpZipOptions _options = WarpZipOptions.Default;

    /// <summary>Requests in flight (the stream's degree of parallelism).</summary>
    [Params(1, 2, 4, 8)]
    public int InFlight { get; set; }

    /// <summary>Complete requests with stored blocks instead of compressing (driver overhead only).</summary>
    [Params(true, false)]
    public bool ZeroWork { get; set; }

    /// <summary>Device latency added to every request.</summary>
    [Params(0, 1000)]
    public int LatencyMicroseconds { get; set; }

    /// <summary>Uncompressed bytes per operation (16 chunks of 1 MiB).</summary>
    [Params(16 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = Payloads.Create(DataKind.Text, Size);
        _output = new byte[Size + (Size / 8) + 4096];
        _model = new HisiZipDeviceModel(new DeviceModelOptions
        {
            RequestLatency = TimeSpan.FromMicroseconds(LatencyMicroseconds),
            ZeroWork = ZeroWork,
        });
        _options = new WarpZipOptions { Devices = _model, DegreeOfParallelism = InFlight, Framing = WarpZipFraming.IndexedMembers };

        using var output = new MemoryStream(_output);
        var stream = new WarpGZipStream(output, CompressionLevel.Optimal, _options, leaveOpen: true);
        stream.Write(_payload);
        stream.Dispose();
        WarpZipStatistics stats = stream.Statistics;
        Console.WriteLine(
            $"// device model (not hardware): engine {stats.Engine}, {stats.HardwareChunks} of {stats.Chunks} chunks on the model, " +
            $"fallbacks [{string.Join(", ", stats.FallbackReasons)}], {output.Position:N0} bytes out");
    }

    [GlobalCleanup]
    public void Cleanup() => _model?.Dispose();

    [Benchmark(Description = "WarpZip hw path, device model (not hardware)")]
    public long Compress()
    {
        using var output = new MemoryStream(_output);
        using (var stream = new WarpGZipStream(output, CompressionLevel.Optimal, _options, leaveOpen: true))
        {
            for (int offset = 0; offset < _payload.Length; offset += IoSize)
            {
                stream.Write(_payload, offset, Math.Min(IoSize, _payload.Length - offset));
            }
        }

        return output.Position;
    }
}
