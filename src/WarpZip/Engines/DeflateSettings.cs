using System.IO.Compression;

namespace WarpZip.Engines;

/// <summary>zlib's deflate parameters, resolved from System.IO.Compression's level or options exactly as .NET does.</summary>
internal readonly record struct DeflateSettings(int Level, int MemLevel, ZLibCompressionStrategy Strategy)
{
    private const int DefaultMemLevel = 8;

    // .NET uses a smaller memLevel for stored output; matching it keeps our bytes identical to GZipStream's.
    private const int NoCompressionMemLevel = 7;

    public static DeflateSettings FromLevel(CompressionLevel level) => level switch
    {
        CompressionLevel.NoCompression => new(0, NoCompressionMemLevel, ZLibCompressionStrategy.Default),
        CompressionLevel.Fastest => new(1, DefaultMemLevel, ZLibCompressionStrategy.Default),
        CompressionLevel.SmallestSize => new(9, DefaultMemLevel, ZLibCompressionStrategy.Default),
        _ => new(6, DefaultMemLevel, ZLibCompressionStrategy.Default),
    };

    public static DeflateSettings FromOptions(ZLibCompressionOptions options)
    {
        int level = options.CompressionLevel < 0 ? 6 : options.CompressionLevel;
        return new(level, level == 0 ? NoCompressionMemLevel : DefaultMemLevel, options.CompressionStrategy);
    }

    /// <summary>The gzip XFL byte zlib writes for these settings (2 = slowest, 4 = fastest).</summary>
    public byte GZipExtraFlags => Level == 9 ? (byte)2 : (Strategy >= ZLibCompressionStrategy.HuffmanOnly || Level < 2 ? (byte)4 : (byte)0);

    /// <summary>The zlib FLEVEL field (0-3) zlib writes for these settings.</summary>
    public int ZLibLevelFlags => Strategy >= ZLibCompressionStrategy.HuffmanOnly || Level < 2 ? 0 : Level < 6 ? 1 : Level == 6 ? 2 : 3;
}
