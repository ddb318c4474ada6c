using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;
using WarpZip.DeviceModel;
using SharpGZipInput = ICSharpCode.SharpZipLib.GZip.GZipInputStream;
using SharpGZipOutput = ICSharpCode.SharpZipLib.GZip.GZipOutputStream;

namespace WarpZip.Benchmarks;

/// <summary>
/// The parameters and codecs shared by the compress and decompress suites. Every implementation gets
/// the same payload, writes (or reads) it in 64 KiB pieces, and works into or from memory.
/// </summary>
public abstract class StreamBenchmarkBase
{
    /// <summary>Callers write (and read) in pieces of this size, as Stream.CopyTo would.</summary>
    protected const int IoSize = 64 * 1024;

    /// <summary>Container: gzip, zlib or raw deflate. The .NET baseline is GZipStream, ZLibStream or DeflateStream.</summary>
    [ParamsSource(nameof(Formats))]
    public Format Format { get; set; }

    /// <summary>Deflate level; zlib and SharpZipLib get the numeric equivalent (1, 6, 9).</summary>
    [ParamsSource(nameof(Levels))]
    public CompressionLevel Level { get; set; }

    /// <summary>Uncompressed payload size in bytes: 1 KiB, 64 KiB, 1 MiB, 64 MiB.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>Payload content: generated text, binary records and random bytes, or the <c>--corpus</c> files.</summary>
    [ParamsSource(nameof(Kinds))]
    public DataKind Kind { get; set; }

    /// <summary>gzip, zlib, deflate (or <c>--formats</c>).</summary>
    public static IEnumerable<Format> Formats => Grid.Formats;

    /// <summary>Fastest, Optimal, SmallestSize (or <c>--levels</c>).</summary>
    public static IEnumerable<CompressionLevel> Levels => Grid.Levels;

    /// <summary>1 KiB, 64 KiB, 1 MiB, 64 MiB (or <c>--sizes</c>).</summary>
    public static IEnumerable<int> Sizes => Grid.Sizes;

    /// <summary>The generated kinds (or <c>--kinds</c>), or only <see cref="DataKind.Corpus"/> when <c>--corpus DIR</c> was given.</summary>
    public static IEnumerable<DataKind> Kinds => Grid.Kinds;

    protected byte[] Payload { get; private set; } = [];

    protected static WarpZipOptions SingleThread { get; } = new() { DegreeOfParallelism = 1, Backend = WarpZipBackend.Software };

    protected static WarpZipOptions AllCores { get; } = new() { DegreeOfParallelism = Environment.ProcessorCount, Backend = WarpZipBackend.Software };

    /// <summary>zlib's numeric level for <see cref="Level"/>, as .NET maps it.</summary>
    protected int NumericLevel => Level switch
    {
        CompressionLevel.Fastest => 1,
        CompressionLevel.SmallestSize => 9,
        _ => 6,
    };

    protected void CreatePayload() => Payload = Payloads.Create(Kind, Size);

    /// <summary>GZipStream, ZLibStream or DeflateStream (all zlib-ng inside .NET).</summary>
    protected Stream DotNetCompressor(Stream output) => Format switch
    {
        Format.Gzip => new GZipStream(output, Level, leaveOpen: true),
        Format.Zlib => new ZLibStream(output, Level, leaveOpen: true),
        _ => new DeflateStream(output, Level, leaveOpen: true),
    };

    protected Stream DotNetDecompressor(Stream input) => Format switch
    {
        Format.Gzip => new GZipStream(input, CompressionMode.Decompress),
        Format.Zlib => new ZLibStream(input, CompressionMode.Decompress),
        _ => new DeflateStream(input, CompressionMode.Decompress),
    };

    protected Stream WarpCompressor(Stream output, WarpZipOptions options) => Format switch
    {
        Format.Gzip => new WarpGZipStream(output, Level, options, leaveOpen: true),
        Format.Zlib => new WarpZLibStream(output, Level, options, leaveOpen: true),
        _ => new WarpDeflateStream(output, Level, options, leaveOpen: true),
    };

    protected Stream WarpDecompressor(Stream input, WarpZipOptions options) => Format switch
    {
        Format.Gzip => new WarpGZipStream(input, CompressionMode.Decompress, options),
        Format.Zlib => new WarpZLibStream(input, CompressionMode.Decompress, options),
        _ => new WarpDeflateStream(input, CompressionMode.Decompress, options),
    };

    /// <summary>SharpZipLib's pure managed deflater behind its gzip stream, or a zlib/raw DeflaterOutputStream.</summary>
    protected Stream SharpZipCompressor(Stream output)
    {
        if (Format == Format.Gzip)
        {
            var gzip = new SharpGZipOutput(output) { IsStreamOwner = false };
            gzip.SetLevel(NumericLevel);
            return gzip;
        }

        var deflater = new Deflater(NumericLevel, noZlibHeaderOrFooter: Format == Format.Deflate);
        return new DeflaterOutputStream(output, deflater) { IsStreamOwner = false };
    }

    protected Stream SharpZipDecompressor(Stream input) => Format == Format.Gzip
        ? new SharpGZipInput(input)
        : new InflaterInputStream(input, new Inflater(noHeader: Format == Format.Deflate));

    protected static void WriteInPieces(Stream destination, byte[] source)
    {
        for (int offset = 0; offset < source.Length; offset += IoSize)
        {
            destination.Write(source, offset, Math.Min(IoSize, source.Length - offset));
        }
    }

    protected static int ReadToEnd(Stream source, byte[] destination)
    {
        int total = 0;
        int read;
        while ((read = source.Read(destination, total, Math.Min(IoSize, destination.Length - total))) > 0)
        {
            total += read;
        }

        return total;
    }
}

/// <summary>
/// Compressing a payload already in memory into a reused in-memory buffer. The last benchmark runs
/// WarpZip's hardware path on the software device model: it measures driver overhead (queues,
/// doorbells, completion polling, output verification), not the speed of any accelerator.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory("compress")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the model in [GlobalCleanup].")]
public class CompressBenchmarks : StreamBenchmarkBase
{
    // Room for incompressible input plus framing; a fixed MemoryStream over it costs the same in every benchmark.
    private byte[] _output = [];
    private HisiZipDeviceModel? _model;
    private WarpZipOptions _modelOptions = WarpZipOptions.Default;

    [GlobalSetup]
    public void Setup()
    {
        CreatePayload();
        _output = new byte[Size + (Size / 8) + 4096];
    }

    [GlobalSetup(Target = nameof(WarpDeviceModel))]
    public void SetupDeviceModel()
    {
        Setup();
        _model = new HisiZipDeviceModel(new DeviceModelOptions { RequestLatency = TimeSpan.Zero, ZeroWork = false });

        // Only gzip IndexedMembers chunks and one-chunk whole streams go to the device.
        _modelOptions = new WarpZipOptions
        {
            Devices = _model,
            DegreeOfParallelism = Environment.ProcessorCount,
            Framing = Format == Format.Gzip ? WarpZipFraming.IndexedMembers : WarpZipFraming.SingleMember,
        };

        // Say in the log what the model was given, so a row that fell back to software is not mistaken for the model.
        using var output = new MemoryStream(_output);
        using var stream = (WarpCompressionStream)WarpCompressor(output, _modelOptions);
        WriteInPieces(stream, Payload);
        stream.Dispose();
        WarpZipStatistics stats = stream.Statistics;
        Console.WriteLine(
            $"// device model (not hardware): engine {stats.Engine}, {stats.HardwareChunks} of {stats.Chunks} chunks on the model, " +
            $"fallbacks [{string.Join(", ", stats.FallbackReasons)}]");
    }

    [GlobalCleanup(Target = nameof(WarpDeviceModel))]
    public void CleanupDeviceModel() => _model?.Dispose();

    [Benchmark(Baseline = true, Description = "GZipStream (.NET, zlib-ng)")]
    public long DotNet() => CompressedLength(output => DotNetCompressor(output));

    [Benchmark(Description = "software zlib (libz.so.1)")]
    public int SystemZlib() => Benchmarks.SystemZlib.Compress(Payload, _output, Format, NumericLevel);

    [Benchmark(Description = "SharpZipLib")]
    public long SharpZipLib() => CompressedLength(output => SharpZipCompressor(output));

    [Benchmark(Description = "WarpZip 1 worker")]
    public long WarpSingleThread() => CompressedLength(output => WarpCompressor(output, SingleThread));

    [Benchmark(Description = "WarpZip all cores")]
    public long WarpAllCores() => CompressedLength(output => WarpCompressor(output, AllCores));

    [Benchmark(Description = "WarpZip hw path, device model (not hardware)")]
    public long WarpDeviceModel() => CompressedLength(output => WarpCompressor(output, _modelOptions));

    // Every compressor is timed the same way: the payload written in pieces into a reused buffer.
    private long CompressedLength(Func<MemoryStream, Stream> compressor)
    {
        using var output = new MemoryStream(_output);
        using (Stream stream = compressor(output))
        {
            WriteInPieces(stream, Payload);
        }

        return output.Position;
    }
}

/// <summary>
/// Decompressing the .NET baseline's output (one ordinary stream, which no reader can split) with each
/// reader; the last case reads WarpZip's own all-cores output, which for gzip is IndexedMembers framing,
/// the input that lets decompression use more than one core. (Decompression never uses the device.)
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory("decompress")]
public class DecompressBenchmarks : StreamBenchmarkBase
{
    private byte[] _compressed = [];
    private byte[] _warpOwn = [];
    private byte[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        CreatePayload();
        _destination = new byte[Size];

        using (var output = new MemoryStream())
        {
            using (Stream stream = DotNetCompressor(output))
            {
                stream.Write(Payload);
            }

            _compressed = output.ToArray();
        }

        using (var output = new MemoryStream())
        {
            var own = Format == Format.Gzip ? AllCores with { Framing = WarpZipFraming.IndexedMembers } : AllCores;
            using (Stream stream = WarpCompressor(output, own))
            {
                stream.Write(Payload);
            }

            _warpOwn = output.ToArray();
        }
    }

    [Benchmark(Baseline = true, Description = "GZipStream (.NET, zlib-ng)")]
    public int DotNet()
    {
        using Stream stream = DotNetDecompressor(new MemoryStream(_compressed, writable: false));
        return ReadToEnd(stream, _destination);
    }

    [Benchmark(Description = "software zlib (libz.so.1)")]
    public int SystemZlib() => Benchmarks.SystemZlib.Decompress(_compressed, _destination, Format);

    [Benchmark(Description = "SharpZipLib")]
    public int SharpZipLib()
    {
        using Stream stream = SharpZipDecompressor(new MemoryStream(_compressed, writable: false));
        return ReadToEnd(stream, _destination);
    }

    [Benchmark(Description = "WarpZip 1 worker")]
    public int WarpSingleThread()
    {
        using Stream stream = WarpDecompressor(new MemoryStream(_compressed, writable: false), SingleThread);
        return ReadToEnd(stream, _destination);
    }

    [Benchmark(Description = "WarpZip all cores")]
    public int WarpAllCores()
    {
        using Stream stream = WarpDecompressor(new MemoryStream(_compressed, writable: false), AllCores);
        return ReadToEnd(stream, _destination);
    }

    [Benchmark(Description = "WarpZip all cores, own output (gzip: IndexedMembers)")]
    public int WarpAllCoresOwnOutput()
    {
        using Stream stream = WarpDecompressor(new MemoryStream(_warpOwn, writable: false), AllCores);
        return ReadToEnd(stream, _destination);
    }
}
