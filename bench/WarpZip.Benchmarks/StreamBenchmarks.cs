using System;
using System.IO;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using ICSharpCode.SharpZipLib.GZip;

namespace WarpZip.Benchmarks;

/// <summary>The parameters shared by the compress and decompress suites.</summary>
public abstract class StreamBenchmarkBase
{
    /// <summary>Callers write (and read) in pieces of this size, as Stream.CopyTo would.</summary>
    protected const int IoSize = 64 * 1024;

    /// <summary>Deflate level; SharpZipLib gets zlib's numeric equivalent (1 or 6).</summary>
    [Params(CompressionLevel.Fastest, CompressionLevel.Optimal)]
    public CompressionLevel Level { get; set; }

    /// <summary>Uncompressed payload size in bytes: 1 KiB, 64 KiB, 1 MiB, 16 MiB.</summary>
    [Params(1024, 64 * 1024, 1024 * 1024, 16 * 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Payload content.</summary>
    [Params(DataKind.Text, DataKind.Random)]
    public DataKind Kind { get; set; }

    protected byte[] Payload { get; private set; } = [];

    protected static WarpZipOptions SingleThread { get; } = new() { DegreeOfParallelism = 1 };

    protected static WarpZipOptions AllCores { get; } = new() { DegreeOfParallelism = Environment.ProcessorCount };

    protected int SharpZipLevel => Level == CompressionLevel.Fastest ? 1 : 6;

    protected void CreatePayload() => Payload = Payloads.Create(Kind, Size);

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

/// <summary>Compressing a payload already in memory into a reused in-memory buffer.</summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory("compress")]
public class CompressBenchmarks : StreamBenchmarkBase
{
    // Room for incompressible input plus framing; a fixed MemoryStream over it costs the same in every benchmark.
    private byte[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        CreatePayload();
        _output = new byte[Size + (Size / 8) + 4096];
    }

    [Benchmark(Baseline = true, Description = "GZipStream")]
    public long GZip()
    {
        using var output = new MemoryStream(_output);
        using (var gzip = new GZipStream(output, Level, leaveOpen: true))
        {
            WriteInPieces(gzip, Payload);
        }

        return output.Position;
    }

    [Benchmark(Description = "SharpZipLib GZipOutputStream")]
    public long SharpZipLib()
    {
        using var output = new MemoryStream(_output);
        using (var gzip = new GZipOutputStream(output) { IsStreamOwner = false })
        {
            gzip.SetLevel(SharpZipLevel);
            WriteInPieces(gzip, Payload);
        }

        return output.Position;
    }

    [Benchmark(Description = "WarpGZipStream DOP=1")]
    public long WarpSingleThread()
    {
        using var output = new MemoryStream(_output);
        using (var gzip = new WarpGZipStream(output, Level, SingleThread, leaveOpen: true))
        {
            WriteInPieces(gzip, Payload);
        }

        return output.Position;
    }

    [Benchmark(Description = "WarpGZipStream all cores")]
    public long WarpAllCores()
    {
        using var output = new MemoryStream(_output);
        using (var gzip = new WarpGZipStream(output, Level, AllCores, leaveOpen: true))
        {
            WriteInPieces(gzip, Payload);
        }

        return output.Position;
    }
}

/// <summary>
/// Decompressing GZipStream's own output (one ordinary gzip member) with each reader; the last case reads
/// WarpZip's indexed-member framing, the input that lets decompression use more than one core.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory("decompress")]
public class DecompressBenchmarks : StreamBenchmarkBase
{
    private byte[] _gzip = [];
    private byte[] _indexed = [];
    private byte[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        CreatePayload();
        _destination = new byte[Size];

        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, Level, leaveOpen: true))
            {
                gzip.Write(Payload);
            }

            _gzip = output.ToArray();
        }

        using (var output = new MemoryStream())
        {
            var indexed = AllCores with { Framing = WarpZipFraming.IndexedMembers };
            using (var gzip = new WarpGZipStream(output, Level, indexed, leaveOpen: true))
            {
                gzip.Write(Payload);
            }

            _indexed = output.ToArray();
        }
    }

    [Benchmark(Baseline = true, Description = "GZipStream")]
    public int GZip()
    {
        using var gzip = new GZipStream(new MemoryStream(_gzip, writable: false), CompressionMode.Decompress);
        return ReadToEnd(gzip, _destination);
    }

    [Benchmark(Description = "SharpZipLib GZipInputStream")]
    public int SharpZipLib()
    {
        using var gzip = new GZipInputStream(new MemoryStream(_gzip, writable: false));
        return ReadToEnd(gzip, _destination);
    }

    [Benchmark(Description = "WarpGZipStream DOP=1")]
    public int WarpSingleThread()
    {
        using var gzip = new WarpGZipStream(new MemoryStream(_gzip, writable: false), CompressionMode.Decompress, SingleThread);
        return ReadToEnd(gzip, _destination);
    }

    [Benchmark(Description = "WarpGZipStream all cores")]
    public int WarpAllCores()
    {
        using var gzip = new WarpGZipStream(new MemoryStream(_gzip, writable: false), CompressionMode.Decompress, AllCores);
        return ReadToEnd(gzip, _destination);
    }

    [Benchmark(Description = "WarpGZipStream all cores, IndexedMembers input")]
    public int WarpAllCoresIndexed()
    {
        using var gzip = new WarpGZipStream(new MemoryStream(_indexed, writable: false), CompressionMode.Decompress, AllCores);
        return ReadToEnd(gzip, _destination);
    }
}
