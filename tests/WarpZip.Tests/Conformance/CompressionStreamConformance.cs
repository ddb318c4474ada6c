using System;
using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

/// <summary>
/// The contract every WarpZip stream shares with its System.IO.Compression counterpart. One derived
/// class per format supplies the constructors; every test here then runs for gzip, zlib and raw deflate.
/// The tests are split over several files (RoundTrip, Flush, Interop, Corruption, Arguments).
/// </summary>
public abstract partial class CompressionStreamConformance
{
    /// <summary>Small chunks keep multi-chunk cases fast.</summary>
    protected const int Chunk = TestData.Chunk;

    /// <summary>Whether the format carries a checksum (gzip CRC-32, zlib Adler-32) that catches corruption.</summary>
    protected abstract bool HasChecksum { get; }

    /// <summary>
    /// Whether WarpZip's output for a payload of one chunk or less must be byte-identical to
    /// System.IO.Compression's. True for the software engine; false where another compressor (a
    /// device, or a device model) produces the bytes, or where the framing differs: such classes check
    /// that the output decodes to the input instead.
    /// </summary>
    protected virtual bool ExpectsBclIdenticalOutput => true;

    /// <summary>
    /// Whether the streams this class creates can reach an accelerator (a device model passed in their
    /// options), so <see cref="WarpZipBackend.Hardware"/> works instead of throwing at construction.
    /// </summary>
    protected virtual bool HardwareAvailable => false;

    /// <summary>
    /// Whether finishing a compressor that was given no bytes at all is safe to run for this class.
    /// True everywhere except where a known defect of the class's engine turns an empty stream into a
    /// crash of the test process; those cases then return early instead of taking the run down.
    /// </summary>
    protected virtual bool EmptyInputSupported => true;

    /// <summary>The WarpZip stream's constructors.</summary>
    protected abstract StreamFactory Warp { get; }

    /// <summary>The System.IO.Compression stream's constructors.</summary>
    protected abstract StreamFactory Bcl { get; }

    /// <summary>A WarpZip decompressor with options.</summary>
    protected abstract WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen);

    /// <summary>A WarpZip compressor at a level with options.</summary>
    protected abstract WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen);

    /// <summary>A WarpZip compressor with zlib options and WarpZip options.</summary>
    protected abstract WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen);

    /// <summary>Compresses with SharpZipLib's encoder for this format.</summary>
    protected abstract byte[] SharpZipCompress(byte[] data, int level);

    /// <summary>Decompresses with SharpZipLib's decoder for this format.</summary>
    protected abstract byte[] SharpZipDecompress(byte[] compressed);

    /// <summary>WarpZip options with the suite's small chunk size.</summary>
    protected static WarpZipOptions Options(int degreeOfParallelism = 2, bool? strict = null, int chunkSize = Chunk) =>
        new() { ChunkSize = chunkSize, DegreeOfParallelism = degreeOfParallelism, StrictValidation = strict };

    /// <summary>Compresses <paramref name="data"/> with WarpZip in one Write call.</summary>
    protected byte[] WarpCompress(byte[] data, WarpZipOptions? options = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (WarpCompressionStream stream = CreateWarp(output, level, options ?? Options(), leaveOpen: true))
        {
            stream.Write(data, 0, data.Length);
        }

        return output.ToArray();
    }

    /// <summary>Decompresses <paramref name="compressed"/> with WarpZip.</summary>
    protected byte[] WarpDecompress(byte[] compressed, WarpZipOptions? options = null) =>
        Bytes.ReadAll(CreateWarp(new MemoryStream(compressed), CompressionMode.Decompress, options ?? Options(), leaveOpen: false));

    /// <summary>Compresses with System.IO.Compression.</summary>
    protected byte[] BclCompress(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (Stream stream = Bcl.ByLevelLeaveOpen(output, level, true))
        {
            stream.Write(data, 0, data.Length);
        }

        return output.ToArray();
    }

    /// <summary>Compresses with System.IO.Compression and zlib options.</summary>
    protected byte[] BclCompress(byte[] data, ZLibCompressionOptions options)
    {
        using var output = new MemoryStream();
        using (Stream stream = Bcl.ByOptions(output, options, true))
        {
            stream.Write(data, 0, data.Length);
        }

        return output.ToArray();
    }

    /// <summary>Decompresses with System.IO.Compression (non-strict: the test process never sets the switch).</summary>
    protected byte[] BclDecompress(byte[] compressed) =>
        Bytes.ReadAll(Bcl.ByModeLeaveOpen(new MemoryStream(compressed), CompressionMode.Decompress, false));

    /// <summary>Runs a decode and reports its bytes or its exception.</summary>
    protected static (byte[]? Data, Exception? Error) Try(Func<byte[]> decode)
    {
        try
        {
            return (decode(), null);
        }
#pragma warning disable CA1031 // The caller classifies every exception type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, e);
        }
    }
}
