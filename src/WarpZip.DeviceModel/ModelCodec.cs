using System;
using System.IO;
using System.IO.Compression;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.DeviceModel;

/// <summary>
/// What the modelled ZIP cores do with one SQE: compress (qc_type 0) or decompress (1) the bytes at
/// the source address into the destination, zlib/gzip bodies and trailers as the hardware produces
/// them (software owns the headers), using System.IO.Compression for the DEFLATE work. Block requests
/// here; stream-mode compression in <see cref="ModelStreamCodec"/>. Stream-mode decompression is not
/// modelled (the driver does not use it) and gets an error status.
/// </summary>
internal static unsafe class ModelCodec
{
    /// <summary>The status the model uses for "hardware or parameter error".</summary>
    internal const ZipStatus HardwareErrorStatus = (ZipStatus)0x05;

    public static void Process(ModelQueue queue, Span<byte> sqe, DeviceModelOptions options, DeviceFault fault)
    {
        uint inputLength = ZipSqe.SourceLength(sqe);
        uint capacity = ZipSqe.DestinationCapacity(sqe);
        byte* source = queue.Translate(ZipSqe.SourceAddress(sqe), inputLength);
        byte* destination = queue.Translate(ZipSqe.DestinationAddress(sqe), capacity);
        ZipAlgorithm algorithm = ZipSqe.Algorithm(sqe);
        bool compress = queue.QcType == 0;
        bool knownAlgorithm = algorithm is ZipAlgorithm.Zlib or ZipAlgorithm.Gzip || (algorithm == ZipAlgorithm.Deflate && options.QmVersion >= 3);
        bool typeMatches = ZipSqe.SqeTypeOf(sqe) == ZipSqe.SqeType(options.QmVersion);
        bool stream = ZipSqe.IsStreamMode(sqe);
        if (source is null || destination is null || !knownAlgorithm || !typeMatches || (stream && !compress) || inputLength > ZipSqe.MaxRequestBytes)
        {
            ZipSqe.WriteResult(sqe, 0, 0, HardwareErrorStatus, false, 0, 0);
            return;
        }

        var input = new ReadOnlySpan<byte>(source, (int)inputLength);
        var output = new Span<byte>(destination, (int)capacity);
        ZipStatus status;
        int produced;
        ModelStreamCodec.StreamUpdate? update = null;
        try
        {
            (status, produced) = stream ? ModelStreamCodec.Compress(queue, sqe, algorithm, input, output, options.ZeroWork, out update)
                : compress ? Compress(algorithm, input, output, options.ZeroWork)
                : Decompress(algorithm, input, output);
        }
        catch (InvalidDataException)
        {
            (status, produced) = (ZipStatus.ChecksumError, 0);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException)
        {
            // A real engine reports bad parameters as a status; the model must never die on its own thread.
            (status, produced) = (HardwareErrorStatus, 0);
        }

        (status, produced) = fault switch
        {
            DeviceFault.ErrorStatus => (HardwareErrorStatus, 0),
            DeviceFault.OutputTooSmall => (ZipStatus.OutputTooSmall, 0),
            DeviceFault.ChecksumError => (ZipStatus.ChecksumError, 0),
            _ => (status, produced),
        };
        if (fault == DeviceFault.CorruptOutput && produced > 0)
        {
            output[produced / 2] ^= 0x5A;
        }

        bool ok = status is ZipStatus.Ok or ZipStatus.DecompressEnd;
        bool lastBlock = ok && (!stream || ZipSqe.IsFinish(sqe));
        ZipSqe.WriteResult(sqe, ok ? inputLength : 0, (uint)produced, status, lastBlock, 0, ok && compress ? inputLength : 0);
        if (ok && update is not null)
        {
            ModelStreamCodec.Commit(update, sqe);
        }
    }

    private static (ZipStatus, int) Compress(ZipAlgorithm algorithm, ReadOnlySpan<byte> input, Span<byte> output, bool zeroWork)
    {
        using var buffer = new MemoryStream(input.Length / 2);
        using (Stream encoder = algorithm switch
        {
            ZipAlgorithm.Gzip => new GZipStream(buffer, zeroWork ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true),
            ZipAlgorithm.Zlib => new ZLibStream(buffer, zeroWork ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true),
            _ => new DeflateStream(buffer, zeroWork ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            encoder.Write(input);
        }

        // The hardware writes body and trailer only; software wrote the header in front. (GZipStream
        // writes nothing at all for empty input, so the model builds that body itself.)
        int headerLength = algorithm switch { ZipAlgorithm.Gzip => 10, ZipAlgorithm.Zlib => 2, _ => 0 };
        if (buffer.Length == 0)
        {
            byte[] empty = algorithm switch
            {
                ZipAlgorithm.Gzip => [0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0],
                ZipAlgorithm.Zlib => [0x03, 0x00, 0, 0, 0, 1],
                _ => [0x03, 0x00],
            };
            headerLength = 0;
            buffer.Write(empty);
        }

        ReadOnlySpan<byte> body = buffer.GetBuffer().AsSpan(headerLength, (int)buffer.Length - headerLength);
        if (body.Length > output.Length)
        {
            return (ZipStatus.OutputTooSmall, 0);
        }

        body.CopyTo(output);
        return (ZipStatus.Ok, body.Length);
    }

    private static (ZipStatus, int) Decompress(ZipAlgorithm algorithm, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // Software stripped the header; put a minimal one back so the stock decoder can read the body.
        byte[] framed = algorithm switch
        {
            ZipAlgorithm.Gzip => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, .. input],
            ZipAlgorithm.Zlib => [0x78, 0x9C, .. input],
            _ => input.ToArray(),
        };
        using Stream decoder = algorithm switch
        {
            ZipAlgorithm.Gzip => new GZipStream(new MemoryStream(framed), CompressionMode.Decompress),
            ZipAlgorithm.Zlib => new ZLibStream(new MemoryStream(framed), CompressionMode.Decompress),
            _ => new DeflateStream(new MemoryStream(framed), CompressionMode.Decompress),
        };
        int produced = 0;
        while (true)
        {
            if (produced == output.Length)
            {
                Span<byte> probe = stackalloc byte[1];
                return decoder.Read(probe) == 0 ? (ZipStatus.DecompressEnd, produced) : (ZipStatus.OutputTooSmall, 0);
            }

            int read = decoder.Read(output[produced..]);
            if (read == 0)
            {
                return (ZipStatus.DecompressEnd, produced);
            }

            produced += read;
        }
    }
}
