using WarpZip.Formats;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Hardware.HisiZip;

/// <summary>
/// The per-stream state of stateful (stream-mode) compression on one queue: a 64 KiB context buffer
/// in share memory (bytes 0-63 are software's, the device's context area starts at +64, as UADK lays
/// it out) and the words carried from each completion into the next request. A context belongs to
/// one queue, because the device keeps the stream's history in that buffer.
/// </summary>
internal sealed class StreamContext
{
    /// <summary>UADK's HW_CTX_SIZE.</summary>
    public const int BufferSize = 64 * 1024;

    /// <summary>The device's area starts after 64 bytes reserved for software.</summary>
    public const int HardwareAreaOffset = 64;

    public StreamContext(HisiZipQueue queue, ShareBuffer buffer)
    {
        Queue = queue;
        Buffer = buffer;
    }

    public HisiZipQueue Queue { get; }

    public ShareBuffer Buffer { get; }

    public ulong HardwareAreaAddress => Buffer.DeviceAddressAt(HardwareAreaOffset);

    /// <summary>True until the first request of the current stream has completed.</summary>
    public bool AtStreamStart { get; private set; } = true;

    /// <summary>The words the last completion returned.</summary>
    public ZipStreamState State { get; private set; }

    /// <summary>CRC-32 and length of everything the device has compressed since the stream (re)started.</summary>
    public uint SegmentCrc { get; private set; }

    public long SegmentLength { get; private set; }

    /// <summary>Starts a new device stream: a zeroed buffer and no carried words.</summary>
    public void Restart()
    {
        Buffer.Span.Clear();
        AtStreamStart = true;
        State = default;
        SegmentCrc = 0;
        SegmentLength = 0;
    }

    /// <summary>Records a completed request of this stream.</summary>
    public void Advance(in ZipStreamState state, uint pieceCrc, int pieceLength)
    {
        State = state;
        AtStreamStart = false;
        SegmentCrc = Crc32Combine.Combine(SegmentCrc, pieceCrc, pieceLength);
        SegmentLength += pieceLength;
    }
}
