using System;
using System.Collections.Generic;
using System.IO;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

public abstract partial class CompressionStreamConformance
{
    private static readonly byte[] FlipMasks = [0xFF, 0x01, 0x10, 0x80];

    [Theory]
    [InlineData(DataKind.Text)]
    [InlineData(DataKind.Random)]
    public void CorruptByte_Strict_ThrowsInvalidDataOrDecodesOriginal(DataKind kind)
    {
        byte[] data = TestData.Create(kind, 2048, seed: 11);
        byte[] compressed = WarpCompress(data);
        var failures = new List<string>();

        HangGuard.Run(() =>
        {
            for (int position = 0; position < compressed.Length; position++)
            {
                foreach (byte mask in FlipMasks)
                {
                    byte[] corrupt = (byte[])compressed.Clone();
                    corrupt[position] ^= mask;

                    // Alternate the decoder's parallelism so both paths see hostile input.
                    int dop = mask == 0xFF ? 4 : 1;
                    (byte[]? decoded, Exception? error) = Try(() => WarpDecompress(corrupt, Options(dop, strict: true)));
                    string where = $"byte {position} ^ 0x{mask:X2} (DegreeOfParallelism {dop})";
                    if (error is not null)
                    {
                        if (error is not InvalidDataException)
                        {
                            failures.Add($"{where}: {error.GetType().Name}: {error.Message}");
                        }
                    }
                    else if (HasChecksum)
                    {
                        if (!decoded.AsSpan().SequenceEqual(data))
                        {
                            failures.Add($"{where}: decoded {decoded!.Length} bytes that are not the original, without an error");
                        }
                    }
                    else
                    {
                        // Raw deflate has no checksum: a flip may decode to other bytes, but a complete
                        // stream must decode exactly as System.IO.Compression decodes it.
                        (byte[]? expected, Exception? bclError) = Try(() => BclDecompress(corrupt));
                        if (bclError is not null || !decoded.AsSpan().SequenceEqual(expected))
                        {
                            failures.Add($"{where}: WarpZip decoded {decoded!.Length} bytes, System.IO.Compression " +
                                (bclError is null ? $"{expected!.Length} different bytes" : $"threw {bclError.GetType().Name}"));
                        }
                    }
                }
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} corruptions misbehaved, e.g.:\n{string.Join('\n', failures.GetRange(0, Math.Min(10, failures.Count)))}");
    }

    [Fact]
    public void CorruptByte_Default_ThrowsOnlyInvalidData()
    {
        byte[] data = TestData.Create(DataKind.Binary, 2048, seed: 12);
        byte[] compressed = WarpCompress(data);
        var failures = new List<string>();

        HangGuard.Run(() =>
        {
            for (int position = 0; position < compressed.Length; position++)
            {
                byte[] corrupt = (byte[])compressed.Clone();
                corrupt[position] ^= 0x5A;
                (_, Exception? error) = Try(() => WarpDecompress(corrupt, Options(2, strict: false)));
                if (error is not null and not InvalidDataException)
                {
                    failures.Add($"byte {position}: {error.GetType().Name}: {error.Message}");
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Truncated_Strict_ThrowsInvalidData_AtEveryPrefix()
    {
        byte[] data = TestData.Create(DataKind.Text, 2048, seed: 13);
        byte[] compressed = WarpCompress(data);
        var failures = new List<string>();

        HangGuard.Run(() =>
        {
            for (int length = 0; length < compressed.Length; length++)
            {
                (byte[]? decoded, Exception? error) = Try(() => WarpDecompress(compressed[..length], Options(1, strict: true)));
                if (error is not InvalidDataException)
                {
                    failures.Add($"prefix {length}/{compressed.Length}: " +
                        (error is null ? $"returned {decoded!.Length} bytes" : $"{error.GetType().Name}: {error.Message}"));
                }
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} prefixes misbehaved, e.g.:\n{string.Join('\n', failures.GetRange(0, Math.Min(10, failures.Count)))}");
        Bytes.Equal(data, WarpDecompress(compressed, Options(1, strict: true)));
    }

    [Fact]
    public void Truncated_Strict_MultiChunk_ThrowsInvalidData()
    {
        byte[] data = TestData.Create(DataKind.Binary, 3 * Chunk + 5, seed: 14);
        byte[] compressed = WarpCompress(data);
        var failures = new List<string>();

        HangGuard.Run(() =>
        {
            var rng = new TestData.XorShift(99);
            var lengths = new SortedSet<int> { 0, 1, 2, 5, 9, 10, 11, compressed.Length - 9, compressed.Length - 8, compressed.Length - 4, compressed.Length - 1 };
            while (lengths.Count < 120)
            {
                lengths.Add(rng.Next(compressed.Length));
            }

            foreach (int length in lengths)
            {
                foreach (int dop in new[] { 1, 4 })
                {
                    (_, Exception? error) = Try(() => WarpDecompress(compressed[..length], Options(dop, strict: true)));
                    if (error is not InvalidDataException)
                    {
                        failures.Add($"prefix {length}/{compressed.Length}, DegreeOfParallelism {dop}: {error?.GetType().Name ?? "no exception"}");
                    }
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Truncated_Default_ReturnsAPrefixWithoutError_AtEveryPrefix()
    {
        byte[] data = TestData.Create(DataKind.Text, 2048, seed: 15);
        byte[] compressed = WarpCompress(data);
        var failures = new List<string>();

        HangGuard.Run(() =>
        {
            for (int length = 0; length <= compressed.Length; length++)
            {
                (byte[]? decoded, Exception? error) = Try(() => WarpDecompress(compressed[..length], Options(1, strict: false)));
                if (error is not null)
                {
                    failures.Add($"prefix {length}: {error.GetType().Name}: {error.Message}");
                }
                else if (!data.AsSpan().StartsWith(decoded))
                {
                    failures.Add($"prefix {length}: {decoded!.Length} bytes that are not a prefix of the original");
                }

                // The same prefix through System.IO.Compression, as a sanity check of the expectation.
                (_, Exception? bclError) = Try(() => BclDecompress(compressed[..length]));
                Assert.Null(bclError);
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} prefixes misbehaved, e.g.:\n{string.Join('\n', failures.GetRange(0, Math.Min(10, failures.Count)))}");
    }

    [Fact]
    public void Truncated_Default_MultiChunk_ReturnsAPrefix()
    {
        byte[] data = TestData.Create(DataKind.Text, 4 * Chunk, seed: 16);
        byte[] compressed = WarpCompress(data);
        foreach (int dop in new[] { 1, 4 })
        {
            for (int length = 0; length < compressed.Length; length += 997)
            {
                byte[] decoded = WarpDecompress(compressed[..length], Options(dop, strict: false));
                Bytes.IsPrefix(data, decoded, $"prefix {length}, DegreeOfParallelism {dop}");
            }
        }
    }

    public static TheoryData<string> TrailingCases() =>
        new("00", "010203", "1F", "1F00", "1F8B", "1F8B08", "1F8B0800000000000003", "BadMethod", "GoodHeaderGarbage",
            "SecondMember", "EmptySecondMember", "RandomKiB", "Zeros");

    [Theory]
    [MemberData(nameof(TrailingCases))]
    public void TrailingData_IsTreatedAsSystemIOCompressionTreatsIt(string trailer)
    {
        if (trailer == "EmptySecondMember" && !EmptyInputSupported)
        {
            return;
        }

        byte[] data = TestData.Create(DataKind.Text, 3000, seed: 17);
        byte[] second = TestData.Create(DataKind.Binary, 1500, seed: 18);
        byte[] suffix = trailer switch
        {
            "BadMethod" => Convert.FromHexString("1F8B0900000000000003010203040506070809"),
            "GoodHeaderGarbage" => Convert.FromHexString("1F8B0800000000000003FFFFFFFF0506070809"),
            "SecondMember" => BclCompress(second),
            "EmptySecondMember" => WarpCompress([]),
            "RandomKiB" => TestData.Create(DataKind.Random, 1024),
            "Zeros" => new byte[100],
            _ => Convert.FromHexString(trailer),
        };

        foreach (byte[] compressed in new[] { WarpCompress(data), BclCompress(data) })
        {
            byte[] input = Bytes.Concat(compressed, suffix);
            (byte[]? expected, Exception? expectedError) = Try(() => BclDecompress(input));
            foreach (int dop in new[] { 1, 4 })
            {
                (byte[]? actual, Exception? actualError) = Try(() => WarpDecompress(input, Options(dop, strict: false)));
                if (expectedError is not null)
                {
                    Assert.True(actualError is not null && actualError.GetType() == expectedError.GetType(),
                        $"System.IO.Compression threw {expectedError.GetType().Name}; WarpZip (DegreeOfParallelism {dop}) " +
                        (actualError is null ? $"returned {actual!.Length} bytes" : $"threw {actualError.GetType().Name}: {actualError.Message}"));
                }
                else
                {
                    Assert.True(actualError is null, $"WarpZip threw {actualError?.GetType().Name}: {actualError?.Message}");
                    Bytes.Equal(expected, actual, $"DegreeOfParallelism {dop}");
                }
            }
        }
    }
}
