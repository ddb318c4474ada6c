using System;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

public abstract partial class CompressionStreamConformance
{
    public static TheoryData<DataKind, int> InteropCases() => new()
    {
        { DataKind.Text, 0 },
        { DataKind.Text, 1 },
        { DataKind.Text, 20_000 },
        { DataKind.Text, 3 * Chunk + 1 },
        { DataKind.Binary, 2 * Chunk },
        { DataKind.Random, Chunk + 1 },
        { DataKind.Zeros, 4 * Chunk - 1 },
    };

    [Theory]
    [MemberData(nameof(InteropCases))]
    public void WarpOutput_IsReadBySharpZipLib(DataKind kind, int size)
    {
        if (size == 0 && !EmptyInputSupported)
        {
            return;
        }

        byte[] data = TestData.Create(kind, size);
        foreach (CompressionLevel level in new[] { CompressionLevel.Optimal, CompressionLevel.NoCompression, CompressionLevel.SmallestSize })
        {
            Bytes.Equal(data, SharpZipDecompress(WarpCompress(data, Options(), level)), $"SharpZipLib decoding WarpZip {level}");
        }
    }

    [Theory]
    [MemberData(nameof(InteropCases))]
    public void SharpZipLibOutput_IsReadByWarp(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        foreach (int level in new[] { 0, 1, 6, 9 })
        {
            byte[] compressed = SharpZipCompress(data, level);
            Bytes.Equal(data, WarpDecompress(compressed, Options(1, strict: true)), $"SharpZipLib level {level}, DegreeOfParallelism 1");
            Bytes.Equal(data, WarpDecompress(compressed, Options(4)), $"SharpZipLib level {level}, DegreeOfParallelism 4");
        }
    }

    [Theory]
    [MemberData(nameof(InteropCases))]
    public void BclOutput_IsReadByWarp_AtEveryLevel(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        foreach (CompressionLevel level in Enum.GetValues<CompressionLevel>())
        {
            Bytes.Equal(data, WarpDecompress(BclCompress(data, level), Options(2, strict: size > 0)), $"System.IO.Compression {level}");
        }
    }
}
