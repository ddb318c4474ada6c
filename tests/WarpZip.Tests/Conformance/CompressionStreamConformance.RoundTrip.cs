using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

/// <summary>How a test hands bytes to a compressor.</summary>
public enum WritePattern
{
    OneCall,
    ByteByByte,
    RandomArraySlices,
    RandomSpanSlices,
    ExactChunks,
    WriteAsyncArray,
    WriteAsyncMemory,
}

/// <summary>How a test takes bytes out of a decompressor.</summary>
public enum ReadPattern
{
    ReadByte,
    RandomArrayReads,
    RandomSpanReads,
    ReadAsyncArray,
    ReadAsyncMemory,
    CopyTo,
    CopyToAsync,
}

public abstract partial class CompressionStreamConformance
{
    public static TheoryData<DataKind, int> KindsAndSizes()
    {
        var data = new TheoryData<DataKind, int>();
        foreach (DataKind kind in Enum.GetValues<DataKind>())
        {
            foreach (int size in TestData.BoundarySizes)
            {
                data.Add(kind, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndSizes))]
    public void RoundTrip_ThroughWarpAndBcl(DataKind kind, int size)
    {
        if (size == 0 && !EmptyInputSupported)
        {
            return;
        }

        byte[] data = TestData.Create(kind, size);
        byte[] compressed = WarpCompress(data);

        Bytes.Equal(data, WarpDecompress(compressed), "WarpZip round trip");
        Bytes.Equal(data, BclDecompress(compressed), "System.IO.Compression decoding WarpZip output");
        Bytes.Equal(data, WarpDecompress(BclCompress(data)), "WarpZip decoding System.IO.Compression output");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void RoundTrip_WithDefaultOptions(int chunks)
    {
        // No WarpZipOptions: default chunk size (1 MiB) and all cores.
        byte[] data = TestData.Create(DataKind.Binary, chunks * 150_000 + 7);
        using var output = new MemoryStream();
        using (Stream stream = Warp.ByLevelLeaveOpen(output, CompressionLevel.Optimal, true))
        {
            stream.Write(data);
        }

        Bytes.Equal(data, BclDecompress(output.ToArray()));
        Bytes.Equal(data, Bytes.ReadAll(Warp.ByMode(new MemoryStream(output.ToArray()), CompressionMode.Decompress)));
    }

    [Theory]
    [InlineData(WritePattern.OneCall)]
    [InlineData(WritePattern.ByteByByte)]
    [InlineData(WritePattern.RandomArraySlices)]
    [InlineData(WritePattern.RandomSpanSlices)]
    [InlineData(WritePattern.ExactChunks)]
    [InlineData(WritePattern.WriteAsyncArray)]
    [InlineData(WritePattern.WriteAsyncMemory)]
    public async Task WritePatterns_ProduceIdenticalOutput(WritePattern pattern)
    {
        byte[] data = TestData.Create(DataKind.Text, 3 * Chunk + 4321);
        byte[] reference = WarpCompress(data, Options(degreeOfParallelism: 1));

        byte[] compressed = await CompressWithPattern(data, pattern, Options(degreeOfParallelism: 2));

        Bytes.Equal(reference, compressed, $"output written with {pattern}");
        Bytes.Equal(data, BclDecompress(compressed));
    }

    [Theory]
    [InlineData(ReadPattern.ReadByte)]
    [InlineData(ReadPattern.RandomArrayReads)]
    [InlineData(ReadPattern.RandomSpanReads)]
    [InlineData(ReadPattern.ReadAsyncArray)]
    [InlineData(ReadPattern.ReadAsyncMemory)]
    [InlineData(ReadPattern.CopyTo)]
    [InlineData(ReadPattern.CopyToAsync)]
    public async Task ReadPatterns_ReturnOriginal(ReadPattern pattern)
    {
        byte[] data = TestData.Create(DataKind.Binary, 3 * Chunk + 999);
        foreach (byte[] compressed in new[] { BclCompress(data), WarpCompress(data) })
        {
            foreach (int dop in new[] { 1, 4 })
            {
                using WarpCompressionStream stream = CreateWarp(new MemoryStream(compressed), CompressionMode.Decompress, Options(dop), false);
                byte[] decoded = await ReadWithPattern(stream, pattern);
                Bytes.Equal(data, decoded, $"{pattern} with DegreeOfParallelism {dop}");
                Assert.Equal(-1, stream.ReadByte());
                Assert.Equal(0, stream.Read(new byte[10], 0, 10));
            }
        }
    }

    [Fact]
    public void Read_ZeroLengthBuffer_ReturnsZeroAndLosesNothing()
    {
        byte[] data = TestData.Create(DataKind.Text, 5000);
        using WarpCompressionStream stream = CreateWarp(new MemoryStream(WarpCompress(data)), CompressionMode.Decompress, Options(), false);
        Assert.Equal(0, stream.Read([], 0, 0));
        Assert.Equal(0, stream.Read(Span<byte>.Empty));
        Bytes.Equal(data, Bytes.ReadAll(stream));
    }

    [Fact]
    public void Write_ZeroLength_ChangesNothing()
    {
        byte[] data = TestData.Create(DataKind.Text, Chunk + 10);
        using var output = new MemoryStream();
        using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(), true))
        {
            stream.Write([], 0, 0);
            stream.Write(data, 0, 10);
            stream.Write(ReadOnlySpan<byte>.Empty);
            stream.Write(data, 10, data.Length - 10);
            stream.Write(data, data.Length, 0);
        }

        Bytes.Equal(WarpCompress(data), output.ToArray());
    }

    public static TheoryData<CompressionLevel> Levels() =>
        new(CompressionLevel.Optimal, CompressionLevel.Fastest, CompressionLevel.NoCompression, CompressionLevel.SmallestSize);

    [Theory]
    [MemberData(nameof(Levels))]
    public void EveryLevel_RoundTrips_MultiChunk(CompressionLevel level)
    {
        foreach (DataKind kind in new[] { DataKind.Text, DataKind.Random })
        {
            byte[] data = TestData.Create(kind, 3 * Chunk + 77);
            byte[] compressed = WarpCompress(data, Options(), level);
            Bytes.Equal(data, BclDecompress(compressed), $"{kind} at {level}");
            Bytes.Equal(data, WarpDecompress(compressed), $"{kind} at {level}");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void SingleChunk_IsByteIdenticalToBcl(CompressionLevel level)
    {
        foreach (DataKind kind in Enum.GetValues<DataKind>())
        {
            foreach (int size in new[] { 1, 2, 1000, 40_000, Chunk - 1 })
            {
                byte[] data = TestData.Create(kind, size);
                ExpectBclIdentical(BclCompress(data, level), WarpCompress(data, Options(), level), data, $"{kind} x {size} at {level}");
            }
        }
    }

    [Fact]
    public void SingleChunk_WithDefaultOptions_IsByteIdenticalToBcl()
    {
        // Below the default 1 MiB chunk, through the constructors that take no WarpZipOptions.
        byte[] data = TestData.Create(DataKind.Text, 700_000);
        foreach (CompressionLevel level in new[] { CompressionLevel.Optimal, CompressionLevel.Fastest })
        {
            using var output = new MemoryStream();
            using (Stream stream = Warp.ByLevelLeaveOpen(output, level, true))
            {
                stream.Write(data);
            }

            ExpectBclIdentical(BclCompress(data, level), output.ToArray(), data, $"default options at {level}");
        }

        using var byMode = new MemoryStream();
        using (Stream stream = Warp.ByModeLeaveOpen(byMode, CompressionMode.Compress, true))
        {
            stream.Write(data);
        }

        ExpectBclIdentical(BclCompress(data, CompressionLevel.Optimal), byMode.ToArray(), data, "CompressionMode.Compress");
    }

    public static TheoryData<int, ZLibCompressionStrategy> ZLibOptionCases()
    {
        var data = new TheoryData<int, ZLibCompressionStrategy>();
        for (int level = -1; level <= 9; level++)
        {
            data.Add(level, ZLibCompressionStrategy.Default);
        }

        data.Add(6, ZLibCompressionStrategy.Filtered);
        data.Add(6, ZLibCompressionStrategy.HuffmanOnly);
        data.Add(6, ZLibCompressionStrategy.RunLengthEncoding);
        data.Add(6, ZLibCompressionStrategy.Fixed);
        data.Add(1, ZLibCompressionStrategy.RunLengthEncoding);
        data.Add(9, ZLibCompressionStrategy.Filtered);
        return data;
    }

    [Theory]
    [MemberData(nameof(ZLibOptionCases))]
    public void ZLibCompressionOptions_RoundTripAndMatchBclBelowOneChunk(int level, ZLibCompressionStrategy strategy)
    {
        var zlibOptions = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = strategy };
        foreach (DataKind kind in new[] { DataKind.Text, DataKind.Binary, DataKind.Random })
        {
            byte[] small = TestData.Create(kind, 50_000);
            ExpectBclIdentical(BclCompress(small, zlibOptions), CompressWithZLibOptions(small, zlibOptions), small, $"{kind} below one chunk");

            byte[] large = TestData.Create(kind, 2 * Chunk + 555);
            byte[] compressed = CompressWithZLibOptions(large, zlibOptions);
            Bytes.Equal(large, BclDecompress(compressed), $"{kind} over chunks, decoded by System.IO.Compression");
            Bytes.Equal(large, WarpDecompress(compressed), $"{kind} over chunks, decoded by WarpZip");
        }
    }

    [Fact]
    public void ZLibCompressionOptions_WithoutWarpOptions_MatchesBcl()
    {
        byte[] data = TestData.Create(DataKind.Text, 30_000);
        var zlibOptions = new ZLibCompressionOptions { CompressionLevel = 3, CompressionStrategy = ZLibCompressionStrategy.Filtered };
        using var output = new MemoryStream();
        using (Stream stream = Warp.ByOptions(output, zlibOptions, true))
        {
            stream.Write(data);
        }

        ExpectBclIdentical(BclCompress(data, zlibOptions), output.ToArray(), data, "zlib options without WarpZip options");
    }

    [Theory]
    [InlineData(DataKind.Text)]
    [InlineData(DataKind.Binary)]
    [InlineData(DataKind.Random)]
    public async Task Output_DependsOnlyOnInput_NotOnParallelismOrWritePattern(DataKind kind)
    {
        byte[] data = TestData.Create(kind, 6 * Chunk + 1234, seed: 3);
        byte[] reference = WarpCompress(data, Options(degreeOfParallelism: 1));
        foreach (int dop in new[] { 1, 2, 4 })
        {
            foreach (WritePattern pattern in new[] { WritePattern.OneCall, WritePattern.RandomSpanSlices, WritePattern.WriteAsyncMemory })
            {
                byte[] compressed = await CompressWithPattern(data, pattern, Options(dop));
                Bytes.Equal(reference, compressed, $"DegreeOfParallelism {dop}, {pattern}");
            }
        }

        // Repeating the same work gives the same bytes again.
        Bytes.Equal(reference, WarpCompress(data, Options(degreeOfParallelism: 4)));
        Bytes.Equal(data, BclDecompress(reference));
    }

    [Fact]
    public void Output_DependsOnChunkSize_ButAlwaysDecodes()
    {
        byte[] data = TestData.Create(DataKind.Text, 4 * Chunk);
        foreach (int chunk in new[] { Chunk, 2 * Chunk, 3 * Chunk + 1, WarpZipOptions.DefaultChunkSize })
        {
            byte[] compressed = WarpCompress(data, Options(4, chunkSize: chunk));
            Bytes.Equal(data, BclDecompress(compressed), $"chunk size {chunk}");
            Bytes.Equal(compressed, WarpCompress(data, Options(1, chunkSize: chunk)), $"chunk size {chunk}, DegreeOfParallelism 1 vs 4");
        }
    }

    [Fact]
    public void EmptyInput_ProducesValidEmptyStream()
    {
        if (!EmptyInputSupported)
        {
            return;
        }

        byte[] compressed = WarpCompress([]);

        // Unlike GZipStream (which writes nothing), WarpZip writes a complete, decodable empty stream.
        Assert.NotEmpty(compressed);
        Assert.Empty(BclDecompress(compressed));
        Assert.Empty(WarpDecompress(compressed, Options(strict: true)));
        Assert.Empty(SharpZipDecompress(compressed));
    }

    [Fact]
    public void EmptyInput_DecodesToNothing_ByDefault_AndThrowsWhenStrict()
    {
        Assert.Empty(WarpDecompress([], Options(strict: false)));
        Assert.Empty(BclDecompress([]));
        Assert.Throws<InvalidDataException>(() => WarpDecompress([], Options(strict: true)));
    }

    [Fact]
    public void Statistics_CountBytesAndChunks()
    {
        byte[] data = TestData.Create(DataKind.Text, 3 * Chunk + 10);
        using var output = new MemoryStream();
        WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(degreeOfParallelism: 1), true);
        stream.Write(data);
        stream.Dispose();

        WarpZipStatistics stats = stream.Statistics;
        Assert.Equal(data.Length, stats.BytesIn);
        Assert.Equal(output.Length, stats.BytesOut);
        Assert.Equal(4, stats.Chunks);
        Assert.Equal(0, stats.ParallelChunks); // DegreeOfParallelism 1 runs nothing in the background.
        Assert.False(string.IsNullOrWhiteSpace(stats.Engine));

        using WarpCompressionStream reader = CreateWarp(new MemoryStream(output.ToArray()), CompressionMode.Decompress, Options(), false);
        Bytes.Equal(data, Bytes.ReadAll(reader));
        Assert.Equal(data.Length, reader.Statistics.BytesOut);
        Assert.Equal(output.Length, reader.Statistics.BytesIn);
    }

    /// <summary>Compresses <paramref name="data"/> feeding it as <paramref name="pattern"/> says.</summary>
    protected async Task<byte[]> CompressWithPattern(byte[] data, WritePattern pattern, WarpZipOptions options)
    {
        using var output = new MemoryStream();
        var rng = new TestData.XorShift((int)pattern + 17);
        await using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, options, true))
        {
            int offset = 0;
            while (offset < data.Length)
            {
                int remaining = data.Length - offset;
                int count = pattern switch
                {
                    WritePattern.OneCall => remaining,
                    WritePattern.ByteByByte => 1,
                    WritePattern.ExactChunks => Math.Min(remaining, options.ChunkSize),
                    _ => Math.Min(remaining, rng.Next(1, rng.Next(4) == 0 ? 3 * Chunk : 5000)),
                };
                switch (pattern)
                {
                    case WritePattern.ByteByByte:
                        stream.WriteByte(data[offset]);
                        break;
                    case WritePattern.RandomSpanSlices:
                        stream.Write(data.AsSpan(offset, count));
                        break;
                    case WritePattern.WriteAsyncArray:
                        await stream.WriteAsync(data, offset, count);
                        break;
                    case WritePattern.WriteAsyncMemory:
                        await stream.WriteAsync(data.AsMemory(offset, count));
                        break;
                    default:
                        stream.Write(data, offset, count);
                        break;
                }

                offset += count;
            }
        }

        return output.ToArray();
    }

    /// <summary>Reads <paramref name="stream"/> to its end as <paramref name="pattern"/> says.</summary>
    protected static async Task<byte[]> ReadWithPattern(Stream stream, ReadPattern pattern)
    {
        using var output = new MemoryStream();
        var rng = new TestData.XorShift((int)pattern + 5);
        var buffer = new byte[3 * Chunk];
        switch (pattern)
        {
            case ReadPattern.CopyTo:
                stream.CopyTo(output);
                return output.ToArray();
            case ReadPattern.CopyToAsync:
                await stream.CopyToAsync(output);
                return output.ToArray();
            case ReadPattern.ReadByte:
                for (int b = stream.ReadByte(); b >= 0; b = stream.ReadByte())
                {
                    output.WriteByte((byte)b);
                }

                return output.ToArray();
        }

        while (true)
        {
            int want = rng.Next(1, rng.Next(4) == 0 ? buffer.Length : 3000);
            int offset = rng.Next(buffer.Length - want + 1);
            int read = pattern switch
            {
                ReadPattern.RandomArrayReads => stream.Read(buffer, offset, want),
                ReadPattern.RandomSpanReads => stream.Read(buffer.AsSpan(offset, want)),
                ReadPattern.ReadAsyncArray => await stream.ReadAsync(buffer, offset, want),
                _ => await stream.ReadAsync(buffer.AsMemory(offset, want)),
            };
            Assert.InRange(read, 0, want);
            if (read == 0)
            {
                return output.ToArray();
            }

            output.Write(buffer, offset, read);
        }
    }

    /// <summary>
    /// Byte-identity with System.IO.Compression where <see cref="ExpectsBclIdenticalOutput"/> holds;
    /// otherwise (another compressor made the bytes) both decoders must return the original.
    /// </summary>
    private void ExpectBclIdentical(byte[] bclOutput, byte[] warpOutput, byte[] original, string what)
    {
        if (ExpectsBclIdenticalOutput)
        {
            Bytes.Equal(bclOutput, warpOutput, what);
            return;
        }

        Bytes.Equal(original, BclDecompress(warpOutput), $"{what}, decoded by System.IO.Compression");
        Bytes.Equal(original, WarpDecompress(warpOutput), $"{what}, decoded by WarpZip");
    }

    private byte[] CompressWithZLibOptions(byte[] data, ZLibCompressionOptions zlibOptions)
    {
        using var output = new MemoryStream();
        using (WarpCompressionStream stream = CreateWarp(output, zlibOptions, Options(), true))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }
}
