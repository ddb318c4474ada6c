using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.DeviceModel;

/// <summary>
/// What the modelled ZIP cores do with a stream-mode (stateful) compression SQE. Like the device, the
/// model keeps a stream's state in the context area the SQE points at (its last 32 KiB of input) and
/// in the words software carries between requests (ctx_dw2 = window length, dw30 = running size, dw31
/// = running checksum). It checks that software carried them: a continuation whose ctx_dw2 disagrees
/// with the context area is rejected with an error status, so a driver that drops the words fails
/// its tests instead of silently compressing without history. The area layout is the model's own
/// (the real device's is undocumented); only its size and place (buffer + 64) follow UADK.
/// </summary>
internal static unsafe class ModelStreamCodec
{
    private const int Window = 32 * 1024;
    private const uint AreaMagic = 0x57_5A_53_4D; // "MSZW": the model wrote this area
    private const int AreaHeader = 16;
    private const uint AreaBytes = AreaHeader + Window;
    private const uint BFinalSeen = 1u << 7;

    /// <summary>What a successful request leaves behind: the new context area contents and the words to return.</summary>
    internal sealed record StreamUpdate(nint Area, byte[] Window, ZipStreamState State);

    /// <summary>Runs one stream-mode compression; returns the status and bytes produced, and the update to commit if it succeeds.</summary>
    public static (ZipStatus Status, int Produced) Compress(
        ModelQueue queue, ReadOnlySpan<byte> sqe, ZipAlgorithm algorithm, ReadOnlySpan<byte> input, Span<byte> output, bool zeroWork, out StreamUpdate? update)
    {
        update = null;
        byte* area = queue.Translate(ZipSqe.StreamContextAddress(sqe), AreaBytes);
        if (area is null)
        {
            return (ModelCodec.HardwareErrorStatus, 0);
        }

        bool first = ZipSqe.IsNewStream(sqe);
        bool finish = ZipSqe.IsFinish(sqe);
        ZipStreamState carried = ZipSqe.ReadStreamState(sqe);
        int windowLength = first ? 0 : (int)BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(area + 4, 4));
        if (!first && (BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(area, 4)) != AreaMagic || carried.CtxDw2 != (uint)windowLength || windowLength > Window))
        {
            return (ModelCodec.HardwareErrorStatus, 0);
        }

        var window = new ReadOnlySpan<byte>(area + AreaHeader, windowLength);
        byte[] piece = Deflate(window, input, finish, zeroWork);
        uint isize = (first ? 0 : carried.Isize) + (uint)input.Length;
        uint checksum = algorithm switch
        {
            ZipAlgorithm.Gzip => ModelChecksums.Crc32(first ? 0 : carried.Checksum, input),
            ZipAlgorithm.Zlib => ModelChecksums.Adler32(first ? 1 : carried.Checksum, input),
            _ => 0,
        };
        int trailerLength = !finish ? 0 : algorithm switch { ZipAlgorithm.Gzip => 8, ZipAlgorithm.Zlib => 4, _ => 0 };
        if (piece.Length + trailerLength > output.Length)
        {
            return (ZipStatus.OutputTooSmall, 0);
        }

        piece.CopyTo(output);
        if (algorithm == ZipAlgorithm.Gzip && finish)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output[piece.Length..], checksum);
            BinaryPrimitives.WriteUInt32LittleEndian(output[(piece.Length + 4)..], isize);
        }
        else if (algorithm == ZipAlgorithm.Zlib && finish)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output[piece.Length..], checksum);
        }

        byte[] nextWindow = NextWindow(window, input);
        update = new StreamUpdate((nint)area, nextWindow, new ZipStreamState(finish ? BFinalSeen : 0, 0, (uint)nextWindow.Length, isize, checksum));
        return (ZipStatus.Ok, piece.Length + trailerLength);
    }

    /// <summary>Applies a request's update; the caller does so only when the request (after any injected fault) succeeded.</summary>
    public static void Commit(StreamUpdate update, Span<byte> sqe)
    {
        byte* area = (byte*)update.Area;
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(area, 4), AreaMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(area + 4, 4), (uint)update.Window.Length);
        update.Window.CopyTo(new Span<byte>(area + AreaHeader, Window));
        ZipSqe.WriteStreamState(sqe, update.State);
    }

    // DeflateStream cannot take a dictionary, so the window is deflated first and cut off after a sync
    // flush (pigz's technique with a stock deflater); a non-final piece ends on its own sync flush.
    private static byte[] Deflate(ReadOnlySpan<byte> window, ReadOnlySpan<byte> input, bool finish, bool zeroWork)
    {
        using var buffer = new MemoryStream();
        int start = 0;
        using (var deflater = new DeflateStream(buffer, zeroWork ? CompressionLevel.NoCompression : CompressionLevel.Fastest, leaveOpen: true))
        {
            if (!window.IsEmpty)
            {
                deflater.Write(window);
                deflater.Flush();
                start = (int)buffer.Length;
            }

            deflater.Write(input);
            if (!finish)
            {
                deflater.Flush(); // and no Dispose-time final block: the piece ends on the sync flush
                return buffer.GetBuffer().AsSpan(start, (int)buffer.Length - start).ToArray();
            }
        }

        return buffer.GetBuffer().AsSpan(start, (int)buffer.Length - start).ToArray();
    }

    private static byte[] NextWindow(ReadOnlySpan<byte> window, ReadOnlySpan<byte> input)
    {
        if (input.Length >= Window)
        {
            return input[^Window..].ToArray();
        }

        int keep = Math.Min(window.Length, Window - input.Length);
        return [.. window[^keep..], .. input];
    }
}
