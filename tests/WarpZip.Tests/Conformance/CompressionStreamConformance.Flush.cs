using System;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

public abstract partial class CompressionStreamConformance
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Flush_MakesEverythingWrittenSoFarDecodable(int degreeOfParallelism)
    {
        byte[] data = TestData.Create(DataKind.Text, 4 * Chunk + 500);
        int[] flushPoints = [1, 1000, Chunk - 5, Chunk + 10, 2 * Chunk, 2 * Chunk, 3 * Chunk + 1, data.Length];
        using var output = new MemoryStream();
        using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(degreeOfParallelism), true))
        {
            int written = 0;
            foreach (int point in flushPoints)
            {
                stream.Write(data, written, point - written);
                written = point;
                stream.Flush();

                byte[] soFar = output.ToArray();
                Bytes.Equal(data.AsSpan(0, written), BclDecompress(soFar), $"System.IO.Compression decoding after Flush at {written}");
                Bytes.Equal(data.AsSpan(0, written), WarpDecompress(soFar, Options(strict: false)), $"WarpZip decoding after Flush at {written}");
            }
        }

        Bytes.Equal(data, BclDecompress(output.ToArray()));
        Bytes.Equal(data, WarpDecompress(output.ToArray(), Options(strict: true)));
        Bytes.Equal(data, SharpZipDecompress(output.ToArray()));
    }

    [Fact]
    public async Task FlushAsync_MakesEverythingWrittenSoFarDecodable()
    {
        byte[] data = TestData.Create(DataKind.Binary, 2 * Chunk + 100);
        using var output = new MemoryStream();
        await using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Fastest, Options(2), true))
        {
            await stream.WriteAsync(data.AsMemory(0, Chunk + 3));
            await stream.FlushAsync();
            Bytes.Equal(data.AsSpan(0, Chunk + 3), BclDecompress(output.ToArray()));
            await stream.WriteAsync(data.AsMemory(Chunk + 3));
        }

        Bytes.Equal(data, BclDecompress(output.ToArray()));
    }

    [Fact]
    public void Flush_BeforeAnyWrite_WritesNothing()
    {
        if (!EmptyInputSupported)
        {
            return;
        }

        using var output = new MemoryStream();
        using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(), true))
        {
            stream.Flush();
            stream.Flush();
            Assert.Equal(0, output.Length);
        }

        // Nothing but the finish of an empty stream.
        Bytes.Equal(WarpCompress([]), output.ToArray());
    }

    [Fact]
    public void Flush_Twice_InARow_IsHarmless()
    {
        byte[] data = TestData.Create(DataKind.Text, 3000);
        using var output = new MemoryStream();
        using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(), true))
        {
            stream.Write(data);
            stream.Flush();
            long afterFirst = output.Length;
            stream.Flush();
            Bytes.Equal(data, BclDecompress(output.ToArray()));
            Assert.True(output.Length >= afterFirst);
        }

        Bytes.Equal(data, BclDecompress(output.ToArray()));
    }

    [Fact]
    public void Flush_Output_DoesNotDependOnParallelism()
    {
        byte[] data = TestData.Create(DataKind.Text, 5 * Chunk);
        byte[] Run(int dop)
        {
            using var output = new MemoryStream();
            using (WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(dop), true))
            {
                stream.Write(data, 0, 70_000);
                stream.Flush();
                stream.Write(data, 70_000, 3 * Chunk);
                stream.Flush();
                stream.Write(data, 70_000 + 3 * Chunk, data.Length - 70_000 - 3 * Chunk);
            }

            return output.ToArray();
        }

        byte[] reference = Run(1);
        Bytes.Equal(reference, Run(2));
        Bytes.Equal(reference, Run(4));
        Bytes.Equal(data, BclDecompress(reference));
    }

    [Fact]
    public void Flush_OnDecompressStream_IsANoOp()
    {
        byte[] data = TestData.Create(DataKind.Text, 10_000);
        using WarpCompressionStream stream = CreateWarp(new MemoryStream(WarpCompress(data)), CompressionMode.Decompress, Options(), false);
        stream.Flush();
        Assert.Equal(data[0], stream.ReadByte());
        stream.Flush();
        Assert.True(stream.FlushAsync().IsCompletedSuccessfully);
        byte[] rest = Bytes.ReadAll(stream);
        Bytes.Equal(data.AsSpan(1), rest);
    }
}
