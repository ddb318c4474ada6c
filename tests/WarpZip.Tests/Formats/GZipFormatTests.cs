using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using ICSharpCode.SharpZipLib.GZip;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Formats;

/// <summary>What only gzip has: IndexedMembers framing, header fields, multi-member streams.</summary>
public sealed class GZipFormatTests
{
    private const int Chunk = TestData.Chunk;

    private static WarpZipOptions Indexed(int dop = 2) =>
        new() { ChunkSize = Chunk, DegreeOfParallelism = dop, Framing = WarpZipFraming.IndexedMembers };

    private static WarpZipOptions Decode(int dop, bool? strict = null) =>
        new() { ChunkSize = Chunk, DegreeOfParallelism = dop, StrictValidation = strict };

    internal static byte[] Compress(byte[] data, WarpZipOptions options, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var stream = new WarpGZipStream(output, level, options, leaveOpen: true))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] Decompress(byte[] compressed, WarpZipOptions options) =>
        Bytes.ReadAll(new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, options));

    private static byte[] BclDecompress(byte[] compressed) =>
        Bytes.ReadAll(new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress));

    private static byte[] BclCompress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var stream = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    public static TheoryData<DataKind, int> IndexedCases() => new()
    {
        { DataKind.Text, 1 },
        { DataKind.Text, 1000 },
        { DataKind.Text, Chunk },
        { DataKind.Text, Chunk + 1 },
        { DataKind.Binary, 3 * Chunk },
        { DataKind.Random, 2 * Chunk + 17 },
        { DataKind.Zeros, 5 * Chunk - 1 },
    };

    [Theory]
    [MemberData(nameof(IndexedCases))]
    public void IndexedMembers_EachMemberCarriesCorrectWZLengths(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        byte[] compressed = Compress(data, Indexed());

        List<IndexedMemberInfo> members = GZipMembers.ParseIndexed(compressed);
        Assert.Equal((size + Chunk - 1) / Chunk, members.Count);
        int position = 0;
        foreach (IndexedMemberInfo member in members)
        {
            Assert.Equal(Math.Min(Chunk, size - position), member.UncompressedLength);

            // Each member stands alone: a single-member decoder reads exactly its chunk, CRC included.
            byte[] alone = compressed.AsSpan(member.Offset, member.MemberLength).ToArray();
            byte[] expectedChunk = data.AsSpan(position, member.UncompressedLength).ToArray();
            Bytes.Equal(expectedChunk, BclDecompress(alone), $"member at {member.Offset}");
            Assert.Equal(Crc32.HashToUInt32(expectedChunk), BitConverter.ToUInt32(alone, alone.Length - 8));
            position += member.UncompressedLength;
        }

        Assert.Equal(size, position);
    }

    [Theory]
    [MemberData(nameof(IndexedCases))]
    public void IndexedMembers_RoundTrip_WithBclSharpZipLibAndWarp(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        byte[] compressed = Compress(data, Indexed());

        Bytes.Equal(data, BclDecompress(compressed), "GZipStream");
        Bytes.Equal(data, Bytes.ReadAll(new GZipInputStream(new MemoryStream(compressed))), "SharpZipLib");
        Bytes.Equal(data, Decompress(compressed, Decode(1, strict: true)), "WarpZip, DegreeOfParallelism 1");
        Bytes.Equal(data, Decompress(compressed, Decode(4, strict: true)), "WarpZip, DegreeOfParallelism 4");
    }

    [Fact]
    public void IndexedMembers_OutputIsDeterministic()
    {
        byte[] data = TestData.Create(DataKind.Text, 4 * Chunk + 3);
        byte[] reference = Compress(data, Indexed(1));
        Bytes.Equal(reference, Compress(data, Indexed(2)));
        Bytes.Equal(reference, Compress(data, Indexed(4)));
    }

    [Fact]
    public void IndexedMembers_EmptyInput_DecodesToNothing()
    {
        byte[] compressed = Compress([], Indexed());
        Assert.Empty(BclDecompress(compressed));
        Assert.Empty(Decompress(compressed, Decode(2, strict: true)));
    }

    [Fact]
    public void IndexedMembers_ReadPatterns_WithParallelDecode()
    {
        byte[] data = TestData.Create(DataKind.Binary, 6 * Chunk + 321);
        byte[] compressed = Compress(data, Indexed(4));
        using var stream = new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, Decode(4));
        using var output = new MemoryStream();
        var buffer = new byte[7919];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        Bytes.Equal(data, output.ToArray());
        Assert.True(stream.Statistics.Chunks >= 7, $"expected one chunk per member, got {stream.Statistics.Chunks}");
    }

    [Fact]
    public void IndexedMembers_Truncated_Strict_ThrowsUnlessAtMemberBoundary()
    {
        byte[] data = TestData.Create(DataKind.Text, 3 * Chunk + 10);
        byte[] compressed = Compress(data, Indexed());
        var boundaries = new HashSet<int>();
        foreach (IndexedMemberInfo member in GZipMembers.ParseIndexed(compressed))
        {
            boundaries.Add(member.Offset + member.MemberLength);
        }

        var lengths = new SortedSet<int>(boundaries);
        foreach (int boundary in boundaries)
        {
            lengths.Add(boundary - 1);
            lengths.Add(boundary + 1);
            lengths.Add(boundary + 10);
            lengths.Add(boundary + 24);
        }

        for (int length = 0; length < compressed.Length; length += 1543)
        {
            lengths.Add(length);
        }

        HangGuard.Run(() =>
        {
            foreach (int length in lengths)
            {
                if (length > compressed.Length)
                {
                    continue;
                }

                byte[] prefix = compressed[..length];
                foreach (int dop in new[] { 1, 4 })
                {
                    if (boundaries.Contains(length))
                    {
                        // A prefix that ends on a member boundary is a complete multi-member stream.
                        byte[] decoded = Decompress(prefix, Decode(dop, strict: true));
                        Bytes.IsPrefix(data, decoded, $"boundary {length}");
                        Assert.Equal(BclDecompress(prefix).Length, decoded.Length);
                    }
                    else
                    {
                        Assert.Throws<InvalidDataException>(() => Decompress(prefix, Decode(dop, strict: true)));
                        Bytes.IsPrefix(data, Decompress(prefix, Decode(dop, strict: false)), $"non-strict prefix {length}");
                    }
                }
            }
        });
    }

    [Fact]
    public void IndexedMembers_WithLyingIndex_IsRejectedOrDecodedCorrectly()
    {
        // A member whose WZ lengths are wrong must not make the reader return wrong bytes silently.
        byte[] data = TestData.Create(DataKind.Text, 3 * Chunk);
        byte[] compressed = Compress(data, Indexed());
        IndexedMemberInfo first = GZipMembers.ParseIndexed(compressed)[0];
        foreach ((int field, int delta) in new[] { (16, 1), (16, -1), (16, 1000), (20, 1), (20, -1), (20, 5000) })
        {
            byte[] lying = (byte[])compressed.Clone();
            int value = BitConverter.ToInt32(lying, first.Offset + field) + delta;
            BitConverter.GetBytes(value).CopyTo(lying, first.Offset + field);
            foreach (int dop in new[] { 1, 4 })
            {
                try
                {
                    byte[] decoded = Decompress(lying, Decode(dop, strict: true));
                    Bytes.Equal(data, decoded, $"field {field} {delta:+#;-#}, DegreeOfParallelism {dop}");
                }
                catch (InvalidDataException)
                {
                    // Rejecting the stream is fine.
                }
            }
        }
    }

    public static TheoryData<string> HeaderVariants() =>
        new("Plain", "Text", "Name", "Comment", "NameAndComment", "HeaderCrc", "Extra", "ExtraWithForeignWZ", "Everything", "MTime");

    [Theory]
    [MemberData(nameof(HeaderVariants))]
    public void OptionalHeaderFields_AreSkipped(string variant)
    {
        byte[] data = TestData.Create(DataKind.Text, 5000);
        byte[] extra = GZipMembers.Extra(('A', 'p', [1, 2, 3, 4]), ('x', 'y', []));
        byte[] member = variant switch
        {
            "Plain" => GZipMembers.Build(data),
            "Text" => GZipMembers.Build(data, textFlag: true),
            "Name" => GZipMembers.Build(data, name: "file.txt"),
            "Comment" => GZipMembers.Build(data, comment: "a comment, with Latin-1: \u00e9"),
            "NameAndComment" => GZipMembers.Build(data, name: "n", comment: "c"),
            "HeaderCrc" => GZipMembers.Build(data, headerCrc: true),
            "Extra" => GZipMembers.Build(data, extra: extra),

            // A WZ-like subfield with a different length is not an index and must not be taken for one.
            "ExtraWithForeignWZ" => GZipMembers.Build(data, extra: GZipMembers.Extra(('W', 'Z', [9, 9, 9]))),
            "Everything" => GZipMembers.Build(data, extra, "name.bin", "comment", headerCrc: true, textFlag: true, modificationTime: 1_700_000_000),
            "MTime" => GZipMembers.Build(data, modificationTime: 0xDEADBEEF),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        Bytes.Equal(data, BclDecompress(member), "GZipStream (the test's own member must be valid)");
        foreach (int dop in new[] { 1, 4 })
        {
            Bytes.Equal(data, Decompress(member, Decode(dop, strict: true)), $"DegreeOfParallelism {dop}");
            Bytes.Equal(Bytes.Concat(data, data), Decompress(Bytes.Concat(member, member), Decode(dop, strict: true)), $"twice, DegreeOfParallelism {dop}");
        }
    }

    [Fact]
    public void WrongHeaderCrc_ThrowsInvalidData_LikeGZipStream()
    {
        byte[] data = TestData.Create(DataKind.Text, 2000);
        byte[] member = GZipMembers.Build(data, name: "x", headerCrc: true, headerCrcDelta: 1);
        Assert.Throws<InvalidDataException>(() => BclDecompress(member));
        Assert.Throws<InvalidDataException>(() => Decompress(member, Decode(1)));
        Assert.Throws<InvalidDataException>(() => Decompress(member, Decode(4)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void MultiMember_FromGZipStream_DecodesAll(int members)
    {
        var parts = new List<byte[]>();
        var expected = new List<byte[]>();
        for (int i = 0; i < members; i++)
        {
            byte[] data = TestData.Create(i % 2 == 0 ? DataKind.Text : DataKind.Binary, 10_000 + i * 30_000, seed: i);
            expected.Add(data);
            parts.Add(i % 2 == 0 ? BclCompress(data) : Compress(data, Decode(2)));
        }

        byte[] stream = Bytes.Concat([.. parts]);
        byte[] all = Bytes.Concat([.. expected]);
        Bytes.Equal(all, BclDecompress(stream), "GZipStream");
        foreach (int dop in new[] { 1, 4 })
        {
            Bytes.Equal(all, Decompress(stream, Decode(dop, strict: true)), $"DegreeOfParallelism {dop}");
        }
    }

    [Fact]
    public void MultiMember_WithEmptyMembers_DecodesAll()
    {
        byte[] data = TestData.Create(DataKind.Text, 3000);
        byte[] empty = Compress([], Decode(1));
        byte[] stream = Bytes.Concat(empty, BclCompress(data), empty, empty, Compress(data, Decode(1)), empty);
        Bytes.Equal(BclDecompress(stream), Decompress(stream, Decode(2, strict: true)));
        Bytes.Equal(Bytes.Concat(data, data), Decompress(stream, Decode(2, strict: true)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("000102", true)]
    [InlineData("1F", false)]
    [InlineData("1F00", true)]
    [InlineData("1F8B", false)]
    [InlineData("1F8B0800000000000003", false)]
    [InlineData("1F8B0900000000000003010203040506070809", false)]
    [InlineData("1F8B0800000000000003FFFFFFFF0506070809", false)]
    public void TrailingData_InStrictMode_FollowsDotNet10(string trailerHex, bool accepted)
    {
        // Expectations recorded from .NET 10 GZipStream with System.IO.Compression.UseStrictValidation=true
        // (the switch cannot be flipped safely inside this parallel test process).
        byte[] data = TestData.Create(DataKind.Text, 3000);
        byte[] input = Bytes.Concat(Compress(data, Decode(1)), Convert.FromHexString(trailerHex));
        foreach (int dop in new[] { 1, 4 })
        {
            if (accepted)
            {
                Bytes.Equal(data, Decompress(input, Decode(dop, strict: true)));
            }
            else
            {
                Assert.Throws<InvalidDataException>(() => Decompress(input, Decode(dop, strict: true)));
            }
        }
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal, 0)]
    [InlineData(CompressionLevel.Fastest, 4)]
    [InlineData(CompressionLevel.SmallestSize, 2)]
    public void Header_MatchesZlib(CompressionLevel level, byte xfl)
    {
        byte[] compressed = Compress(TestData.Create(DataKind.Text, 3 * Chunk), Decode(2), level);
        Assert.Equal(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, xfl, 0x03 }, compressed[..10]);
    }

    [Fact]
    public void Trailer_HasCrcAndLengthOfWholeInput()
    {
        byte[] data = TestData.Create(DataKind.Binary, 4 * Chunk + 99);
        byte[] compressed = Compress(data, Decode(4));
        Assert.Equal(Crc32.HashToUInt32(data), BitConverter.ToUInt32(compressed, compressed.Length - 8));
        Assert.Equal((uint)data.Length, BitConverter.ToUInt32(compressed, compressed.Length - 4));
    }

    [Fact]
    public void IndexedFraming_WithZLibCompressionOptions_Works()
    {
        byte[] data = TestData.Create(DataKind.Text, 2 * Chunk + 1);
        using var output = new MemoryStream();
        using (var stream = new WarpGZipStream(output, new ZLibCompressionOptions { CompressionLevel = 9 }, Indexed(), leaveOpen: true))
        {
            stream.Write(data);
        }

        Assert.Equal(3, GZipMembers.ParseIndexed(output.ToArray()).Count);
        Bytes.Equal(data, BclDecompress(output.ToArray()));
    }
}
