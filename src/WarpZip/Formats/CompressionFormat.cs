namespace WarpZip.Formats;

/// <summary>The container around the DEFLATE data.</summary>
internal enum CompressionFormat
{
    /// <summary>RFC 1951: no header, no checksum.</summary>
    Deflate,

    /// <summary>RFC 1950: 2-byte header, Adler-32 trailer.</summary>
    ZLib,

    /// <summary>RFC 1952: 10+ byte header, CRC-32 and ISIZE trailer; members may be concatenated.</summary>
    GZip,
}
