using System;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using WarpZip.Buffers;
using WarpZip.Engines;
using WarpZip.Software;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Engines;

/// <summary>
/// The software engine's piece compression with the CRC-32 taken from zlib-ng's gzip wrapper: the
/// CRC must be the input's own (not the window's), and the piece must be what DeflateChunk makes of
/// it — raw DEFLATE that a reader decodes after the window, ending on a sync flush or a final block.
/// </summary>
public sealed class SoftwareEngineTests
{
    public static TheoryData<int, int, bool> Cases()
    {
        var cases = new TheoryData<int, int, bool>();
        foreach (int window in new[] { 0, 1, 1000, 32 * 1024 })
        {
            foreach (int length in new[] { 0, 1, 5000, 300_000 })
            {
                cases.Add(window, length, false);
                cases.Add(window, length, true);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeflateChunkWithCrc_ReturnsTheInputsCrc_AndAPieceThatDecodesAfterItsWindow(int windowLength, int length, bool final)
    {
        byte[] data = TestData.Create(DataKind.Text, windowLength + length, seed: windowLength + length);
        ReadOnlySpan<byte> window = data.AsSpan(0, windowLength);
        ReadOnlySpan<byte> input = data.AsSpan(windowLength);
        var settings = DeflateSettings.FromLevel(CompressionLevel.Optimal);
        using var piece = new PooledBuffer(1024);

        uint crc = SoftwareEngine.Instance.DeflateChunkWithCrc(settings, window, input, final, piece);

        Assert.Equal(Crc32.HashToUInt32(input), crc);
        if (!final && length > 0)
        {
            Assert.True(piece.WrittenSpan.EndsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFF, 0xFF]), "a non-final piece ends on a sync-flush marker");
        }

        // What a reader sees: the window as a stored block, then the piece (and an end if it has none).
        byte[] stream = [.. StoredBlock(window), .. piece.WrittenSpan, .. (final ? [] : (byte[])[0x03, 0x00])];
        byte[] decoded = Bytes.ReadAll(new DeflateStream(new MemoryStream(stream), CompressionMode.Decompress));
        Bytes.Equal(data, decoded);
    }

    private static byte[] StoredBlock(ReadOnlySpan<byte> bytes) =>
        [0x00, (byte)bytes.Length, (byte)(bytes.Length >> 8), (byte)~bytes.Length, (byte)(~bytes.Length >> 8), .. bytes];
}
