using System.IO;
using System.IO.Compression;
using WarpZip.Formats;

namespace WarpZip;

/// <summary>
/// A drop-in replacement for <see cref="ZLibStream"/> (RFC 1950 zlib) that compresses on all cores and, where a
/// HiSilicon ZIP accelerator is usable, offloads to it. Output is a standard stream any decoder reads.
/// </summary>
public sealed class WarpZLibStream : WarpCompressionStream
{
    /// <summary>Compresses or decompresses <paramref name="stream"/>, closing it on dispose.</summary>
    public WarpZLibStream(Stream stream, CompressionMode mode)
        : this(stream, mode, leaveOpen: false)
    {
    }

    /// <summary>Compresses or decompresses <paramref name="stream"/>.</summary>
    public WarpZLibStream(Stream stream, CompressionMode mode, bool leaveOpen)
        : base(stream, mode, leaveOpen, null, CompressionFormat.ZLib)
    {
    }

    /// <summary>Compresses or decompresses <paramref name="stream"/> with WarpZip <paramref name="options"/>.</summary>
    public WarpZLibStream(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen = false)
        : base(stream, mode, leaveOpen, options, CompressionFormat.ZLib)
    {
    }

    /// <summary>Compresses into <paramref name="stream"/> at <paramref name="compressionLevel"/>, closing it on dispose.</summary>
    public WarpZLibStream(Stream stream, CompressionLevel compressionLevel)
        : this(stream, compressionLevel, leaveOpen: false)
    {
    }

    /// <summary>Compresses into <paramref name="stream"/> at <paramref name="compressionLevel"/>.</summary>
    public WarpZLibStream(Stream stream, CompressionLevel compressionLevel, bool leaveOpen)
        : base(stream, compressionLevel, leaveOpen, null, CompressionFormat.ZLib)
    {
    }

    /// <summary>Compresses into <paramref name="stream"/> at <paramref name="compressionLevel"/> with WarpZip <paramref name="options"/>.</summary>
    public WarpZLibStream(Stream stream, CompressionLevel compressionLevel, WarpZipOptions options, bool leaveOpen = false)
        : base(stream, compressionLevel, leaveOpen, options, CompressionFormat.ZLib)
    {
    }

    /// <summary>Compresses into <paramref name="stream"/> with zlib's level and strategy.</summary>
    public WarpZLibStream(Stream stream, ZLibCompressionOptions compressionOptions, bool leaveOpen = false)
        : base(stream, compressionOptions, leaveOpen, null, CompressionFormat.ZLib)
    {
    }

    /// <summary>Compresses into <paramref name="stream"/> with zlib's level and strategy and WarpZip <paramref name="options"/>.</summary>
    public WarpZLibStream(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen = false)
        : base(stream, compressionOptions, leaveOpen, options, CompressionFormat.ZLib)
    {
    }
}
