using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Linq;
using System.Threading;
using WarpZip.Diagnostics;

namespace WarpZip.Tests.Robustness;

/// <summary>Shared pieces of the robustness tests: bombs, counting streams, leak checks.</summary>
public static class RobustnessKit
{
    public static readonly string[] Formats = [".gz", ".zlib", ".deflate"];

    /// <summary>
    /// A raw DEFLATE bomb: <paramref name="size"/> zero bytes in one dynamic block whose 258-byte match
    /// and distance-1 codes are one bit each (two bits per 258 bytes): 1 GiB in about 1 MB.
    /// </summary>
    public static byte[] ZeroBombDeflate(long size)
    {
        long matches = (size - 1) / 258;
        int tail = (int)(size - 1 - (matches * 258));
        var litLengths = new int[286];
        litLengths[0] = 2;
        litLengths[256] = 2;
        litLengths[285] = 1;
        var symbols = Enumerable.Repeat(DeflateSymbol.Literal(0), 1)
            .Concat(Enumerable.Repeat(DeflateSymbol.Match(258, 1), checked((int)matches)))
            .Concat(Enumerable.Repeat(DeflateSymbol.Literal(0), tail))
            .Append(DeflateSymbol.EndOfBlock);
        return new DeflateWriter().Dynamic(true, litLengths, [1], symbols).ToArray();
    }

    /// <summary>The bomb in <paramref name="format"/>'s framing, with correct checksums of the zeros.</summary>
    public static byte[] ZeroBomb(string format, long size)
    {
        byte[] deflate = ZeroBombDeflate(size);
        return format switch
        {
            ".deflate" => deflate,
            ".gz" => GZipOfZeros(deflate, size),
            _ => ZLibOfZeros(deflate, size),
        };
    }

    private static byte[] GZipOfZeros(byte[] deflate, long size)
    {
        var crc = new Crc32();
        byte[] zeros = new byte[1 << 20];
        for (long left = size; left > 0; left -= zeros.Length)
        {
            crc.Append(zeros.AsSpan(0, (int)Math.Min(left, zeros.Length)));
        }

        byte[] framed = Framing.GZip(deflate, [], crc: crc.GetCurrentHashAsUInt32(), isize: unchecked((uint)size));
        return framed;
    }

    private static byte[] ZLibOfZeros(byte[] deflate, long size)
    {
        uint b = (uint)(size % 65521);
        return Framing.ZLib(deflate, [], adler: (b << 16) | 1);
    }

    /// <summary>A WarpZip compressor for <paramref name="format"/>.</summary>
    public static WarpCompressionStream Compressor(string format, Stream output, WarpZipOptions options, CompressionLevel level = CompressionLevel.Fastest) => format switch
    {
        ".gz" => new WarpGZipStream(output, level, options, leaveOpen: true),
        ".zlib" => new WarpZLibStream(output, level, options, leaveOpen: true),
        _ => new WarpDeflateStream(output, level, options, leaveOpen: true),
    };

    /// <summary>System.IO.Compression's compressor for <paramref name="format"/>.</summary>
    public static Stream BclCompressor(string format, Stream output) => format switch
    {
        ".gz" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        ".zlib" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
        _ => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
    };

    /// <summary>Compresses with WarpZip in one write.</summary>
    public static byte[] Compress(string format, byte[] data, WarpZipOptions options, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (WarpCompressionStream stream = Compressor(format, output, options, level))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>The borrowed resources every stream must give back.</summary>
    public readonly record struct Resources(long PooledBuffers, long Producers, long ChunkJobs)
    {
        public static Resources Now => new(ResourceCounters.PooledBuffers, ResourceCounters.ReadAheadProducers, ResourceCounters.ChunkJobs);
    }

    /// <summary>
    /// Waits (bounded) for the counters to come back to <paramref name="baseline"/>: workers finish a job
    /// they were running when the stream was disposed a moment later. Fails with the counts if they never do.
    /// </summary>
    public static void AssertReturnsTo(Resources baseline, string what)
    {
        var clock = Stopwatch.StartNew();
        Resources now = Resources.Now;
        while (now != baseline && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(10);
            now = Resources.Now;
        }

        Assert.True(now == baseline, $"{what}: resources leaked: before {baseline}, after {now}");
    }
}

/// <summary>A read-only stream that counts the bytes and calls it serves.</summary>
public sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public long Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        BytesRead += read;
        Reads++;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A write-only sink that keeps only a count, so large outputs cost no memory.</summary>
public sealed class NullCountingStream : Stream
{
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => BytesWritten += count;

    public override void Write(ReadOnlySpan<byte> buffer) => BytesWritten += buffer.Length;
}
