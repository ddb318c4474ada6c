using System;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WarpZip.Tests.Concurrency;
using WarpZip.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WarpZip.Tests.Robustness;

/// <summary>
/// Decompression bombs, the output limit, many empty members and bounded memory. These measure the
/// process (working set, resource counters), so they run alone. Bounds are generous ceilings, not
/// timings: a stream that buffered its whole output would blow through them by gigabytes.
/// </summary>
[Collection(nameof(ProcessWideGroup))]
public sealed class ResourceBoundsTests(ITestOutputHelper output)
{
    private const long GiB = 1L << 30;

    /// <summary>Working-set growth allowed while streaming 1 GiB: a small fraction of it.</summary>
    private const long MemoryCeiling = 192L << 20;

    private static readonly Lazy<Dictionary<string, byte[]>> Bombs = new(() =>
        RobustnessKit.Formats.ToDictionary(f => f, f => RobustnessKit.ZeroBomb(f, GiB)));

    public static TheoryData<string, int> BombCases() => new()
    {
        { ".gz", 1 }, { ".gz", 2 }, { ".zlib", 2 }, { ".deflate", 1 },
    };

    [Theory]
    [MemberData(nameof(BombCases))]
    public void Bomb_OneGiBOfZerosFromAboutOneMB_StreamsWithFlatMemory(string format, int parallelism)
    {
        byte[] bomb = Bombs.Value[format];
        Assert.InRange(bomb.Length, 900_000, 1_200_000);
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        GC.Collect();
        long baseline = Environment.WorkingSet;
        long peak = baseline;
        long total = 0;
        HangGuard.Run(() =>
        {
            var options = new WarpZipOptions { DegreeOfParallelism = parallelism, StrictValidation = true };
            using WarpCompressionStream stream = BclOracle.Warp(format, new MemoryStream(bomb), options);
            byte[] buffer = new byte[1 << 20];
            int read;
            long nextSample = 0;
            while ((read = stream.Read(buffer)) != 0)
            {
                if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
                {
                    Assert.Fail($"non-zero byte near offset {total}");
                }

                total += read;
                if (total >= nextSample)
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                    nextSample += 32 << 20;
                }
            }
        });

        output.WriteLine($"{format}, DegreeOfParallelism {parallelism}: {bomb.Length} bytes -> {total}; working set +{(peak - baseline) >> 20} MiB");
        Assert.Equal(GiB, total);
        Assert.True(peak - baseline < MemoryCeiling, $"working set grew by {(peak - baseline) >> 20} MiB while streaming");
        RobustnessKit.AssertReturnsTo(before, "bomb");
    }

    [Theory]
    [MemberData(nameof(BombCases))]
    public void Bomb_WithAnOutputLimit_ThrowsInvalidData_WithoutExpandingFurther(string format, int parallelism)
    {
        const long Limit = 100L << 20;
        byte[] bomb = Bombs.Value[format];
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        long delivered = 0;
        var counting = new CountingStream(new MemoryStream(bomb));
        var options = new WarpZipOptions { DegreeOfParallelism = parallelism, MaxDecompressedBytes = Limit };
        WarpCompressionStream stream = BclOracle.Warp(format, counting, options);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() =>
        {
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer)) != 0)
            {
                delivered += read;
            }
        });
        long inflatedInput = stream.Statistics.BytesIn;
        stream.Dispose();

        Assert.Contains("MaxDecompressedBytes", error.Message, StringComparison.Ordinal);
        Assert.True(delivered <= Limit, $"{delivered} bytes delivered past the limit of {Limit}");

        // Expanding stopped near the limit: at most a few MiB of read-ahead past it were inflated, so
        // well under a fifth of the bomb's input went through the inflater (reading from the base
        // stream runs up to one read-ahead read, 256 KiB, further).
        Assert.True(inflatedInput < bomb.Length / 5, $"inflated {inflatedInput} of {bomb.Length} input bytes");
        Assert.True(counting.BytesRead < (bomb.Length / 5) + (256 * 1024), $"read {counting.BytesRead} of {bomb.Length} input bytes");
        RobustnessKit.AssertReturnsTo(before, "limit");
    }

    [Theory]
    [InlineData(".gz")]
    [InlineData(".zlib")]
    [InlineData(".deflate")]
    public void OutputLimit_IsExact_AtTheBoundary(string format)
    {
        byte[] data = TestData.Create(DataKind.Text, 3 * (1 << 20) / 2, seed: 51); // past the read-ahead threshold
        byte[] compressed = RobustnessKit.Compress(format, data, new WarpZipOptions { ChunkSize = TestData.Chunk });
        foreach (int parallelism in new[] { 1, 4 })
        {
            WarpZipOptions exact = new() { DegreeOfParallelism = parallelism, MaxDecompressedBytes = data.Length };
            Bytes.Equal(data, Bytes.ReadAll(BclOracle.Warp(format, new MemoryStream(compressed), exact)), $"limit = size, DegreeOfParallelism {parallelism}");
            WarpZipOptions under = exact with { MaxDecompressedBytes = data.Length - 1 };
            Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(BclOracle.Warp(format, new MemoryStream(compressed), under)));
            WarpZipOptions zero = exact with { MaxDecompressedBytes = 0 };
            Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(BclOracle.Warp(format, new MemoryStream(compressed), zero)));
        }
    }

    /// <summary>CopyTo hands read-ahead blocks to the destination without a copy; the limit and the bytes still hold.</summary>
    [Theory]
    [InlineData(".gz", false)]
    [InlineData(".gz", true)]
    [InlineData(".zlib", false)]
    [InlineData(".deflate", true)]
    public async Task CopyTo_PastTheReadAheadThreshold_DeliversExactBytes_AndHonoursTheLimit(string format, bool useAsync)
    {
        byte[] data = TestData.Create(DataKind.Binary, 5 * (1 << 20) / 2, seed: 52);
        byte[] compressed = RobustnessKit.Compress(format, data, new WarpZipOptions { ChunkSize = TestData.Chunk });
        WarpZipOptions exact = new() { DegreeOfParallelism = 2, MaxDecompressedBytes = data.Length };

        byte[] copied = await CopyAll(BclOracle.Warp(format, new MemoryStream(compressed), exact), useAsync);
        Bytes.Equal(data, copied);

        var sink = new MemoryStream();
        WarpCompressionStream limited = BclOracle.Warp(format, new MemoryStream(compressed), exact with { MaxDecompressedBytes = data.Length - 1 });
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            if (useAsync)
            {
                await limited.CopyToAsync(sink);
            }
            else
            {
                limited.CopyTo(sink);
            }
        });
        Assert.True(sink.Length < data.Length, $"{sink.Length} bytes delivered past the limit");
        Bytes.IsPrefix(data, sink.ToArray());
        await limited.DisposeAsync();
    }

    private static async Task<byte[]> CopyAll(WarpCompressionStream stream, bool useAsync)
    {
        var sink = new MemoryStream();
        await using (stream)
        {
            if (useAsync)
            {
                await stream.CopyToAsync(sink);
            }
            else
            {
                stream.CopyTo(sink);
            }
        }

        return sink.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void FiftyThousandEmptyMembers_DecodeInOnePass(int parallelism)
    {
        // Linear, shown by operation counts rather than time: every input byte is read from the base
        // stream once, in buffer-sized reads, and the decode finishes well inside the hang guard.
        byte[] empty = Framing.GZip(new DeflateWriter().Fixed(true, [DeflateSymbol.EndOfBlock]).ToArray(), []);
        byte[] tail = Framing.GZip(new DeflateWriter().Fixed(true, [DeflateSymbol.Literal(0x41), DeflateSymbol.EndOfBlock]).ToArray(), "A"u8.ToArray());
        byte[] input = [.. Enumerable.Repeat(empty, 50_000).SelectMany(m => m), .. tail];
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        var counting = new CountingStream(new MemoryStream(input));
        byte[]? decoded = null;
        HangGuard.Run(() => decoded = Bytes.ReadAll(BclOracle.Warp(".gz", counting, new WarpZipOptions { DegreeOfParallelism = parallelism, StrictValidation = true })));

        Assert.Equal("A"u8.ToArray(), decoded);
        Assert.Equal(input.Length, counting.BytesRead);
        Assert.True(counting.Reads <= (input.Length / 4096) + 4, $"{counting.Reads} base-stream reads for {input.Length} bytes");
        RobustnessKit.AssertReturnsTo(before, "empty members");
    }

    public static TheoryData<string, int, bool> StreamingCases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (string format in RobustnessKit.Formats)
        {
            data.Add(format, 1, false);
            data.Add(format, 4, false);
        }

        data.Add(".gz", 4, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(StreamingCases))]
    public void CompressAndDecompress_256MiB_StayWithinBoundedMemory(string format, int parallelism, bool indexed)
    {
        const int Pieces = 256;
        byte[] piece = TestData.Create(DataKind.Binary, 1 << 20, seed: 52);
        var options = new WarpZipOptions
        {
            DegreeOfParallelism = parallelism,
            ChunkSize = 1 << 20,
            Framing = indexed ? WarpZipFraming.IndexedMembers : WarpZipFraming.SingleMember,
        };
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        GC.Collect();
        long baseline = Environment.WorkingSet;
        long peak = baseline;

        // Compress to a counting sink: nothing of the output is kept.
        var sink = new NullCountingStream();
        using (WarpCompressionStream stream = RobustnessKit.Compressor(format, sink, options))
        {
            for (int i = 0; i < Pieces; i++)
            {
                stream.Write(piece);
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        }

        long compressGrowth = peak - baseline;
        Assert.True(compressGrowth < MemoryCeiling, $"compressing grew the working set by {compressGrowth >> 20} MiB");

        // Decompress a 256 MiB stream made of the same piece, read in 64 KiB steps.
        byte[] compressedPiece = RobustnessKit.Compress(format, piece, options);
        byte[] input = format == ".gz"
            ? [.. Enumerable.Repeat(compressedPiece, Pieces).SelectMany(m => m)]
            : compressedPiece;
        int expectedPieces = format == ".gz" ? Pieces : 1;
        GC.Collect();
        baseline = Environment.WorkingSet;
        peak = baseline;
        long total = 0;
        using (WarpCompressionStream stream = BclOracle.Warp(format, new MemoryStream(input), options))
        {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = stream.Read(buffer)) != 0)
            {
                total += read;
                if ((total & ((16 << 20) - 1)) < read)
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                }
            }
        }

        output.WriteLine($"{format} DegreeOfParallelism {parallelism} indexed={indexed}: compressed {sink.BytesWritten} bytes, " +
            $"compress +{compressGrowth >> 20} MiB, decompress +{(peak - baseline) >> 20} MiB");
        Assert.Equal((long)expectedPieces * piece.Length, total);
        Assert.True(peak - baseline < MemoryCeiling, $"decompressing grew the working set by {(peak - baseline) >> 20} MiB");
        RobustnessKit.AssertReturnsTo(before, "streaming");
    }
}
