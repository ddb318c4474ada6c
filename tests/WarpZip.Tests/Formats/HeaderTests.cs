using System.IO.Compression;
using WarpZip.Engines;
using WarpZip.Formats;

namespace WarpZip.Tests.Formats;

/// <summary>Headers must be the bytes zlib writes, so single-chunk output equals GZipStream's.</summary>
public class HeaderTests
{
    [Theory]
    [InlineData(CompressionLevel.Optimal, 0x9C, 0x00)]
    [InlineData(CompressionLevel.Fastest, 0x01, 0x04)]
    [InlineData(CompressionLevel.SmallestSize, 0xDA, 0x02)]
    [InlineData(CompressionLevel.NoCompression, 0x01, 0x04)]
    public void Level_flags_match_zlib(CompressionLevel level, byte zlibFlg, byte gzipXfl)
    {
        DeflateSettings settings = DeflateSettings.FromLevel(level);
        byte[] zlib = new byte[2];
        ZLibFraming.WriteHeader(zlib, settings);
        Assert.Equal(new byte[] { 0x78, zlibFlg }, zlib);
        Assert.Equal(0, ((zlib[0] << 8) | zlib[1]) % 31);

        byte[] gzip = new byte[10];
        GZipFraming.WritePlainHeader(gzip, settings);
        Assert.Equal(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, gzipXfl, 3 }, gzip);
    }
}
