using System;
using System.Buffers.Binary;

namespace WarpZip.Hardware.HisiZip;

/// <summary>dw9 bits 0-7: what the request does. Direction comes from the queue, not the SQE.</summary>
internal enum ZipAlgorithm : byte
{
    /// <summary>Raw DEFLATE (QM v3 and later).</summary>
    Deflate = 0x01,

    /// <summary>zlib body and Adler-32 trailer; software writes or strips the 2-byte header.</summary>
    Zlib = 0x02,

    /// <summary>gzip body, CRC-32 and ISIZE; software writes or strips the header.</summary>
    Gzip = 0x03,
}

/// <summary>dw3 bits 0-7 after completion.</summary>
internal enum ZipStatus : byte
{
    Ok = 0x00,

    /// <summary>"Negative compression": output not smaller than input, still valid.</summary>
    NegativeCompression = 0x0D,

    /// <summary>dest_avail_out was too small.</summary>
    OutputTooSmall = 0x0E,

    InputDifError = 0x0F,

    /// <summary>Checksum mismatch while decompressing.</summary>
    ChecksumError = 0x10,

    OutputDifError = 0x12,

    /// <summary>The decompressor reached the end of the stream.</summary>
    DecompressEnd = 0x13,
}

/// <summary>A ZIP request as software fills it in.</summary>
internal readonly record struct ZipRequest(
    ZipAlgorithm Algorithm,
    ulong Source,
    uint SourceLength,
    ulong Destination,
    uint DestinationCapacity,
    uint Tag,
    bool Compress);

/// <summary>
/// The words a stateful (stream-mode) request carries from one completed SQE into the next SQE of
/// the same stream: ctx_dw0-2 (dw15, dw28, dw29), the running ISIZE (dw30) and the running checksum
/// (dw31). Software never interprets them; it only carries them.
/// </summary>
internal readonly record struct ZipStreamState(uint CtxDw0, uint CtxDw1, uint CtxDw2, uint Isize, uint Checksum);

/// <summary>Where a stream-mode request sits in its stream, and the context it continues from.</summary>
internal readonly record struct ZipStreamStep(bool First, bool Finish, ulong ContextAddress, ZipStreamState State);

/// <summary>What the device wrote back into the SQE.</summary>
internal readonly record struct ZipResult(uint Consumed, uint Produced, ZipStatus Status, bool LastBlock, uint Tag, uint Checksum, uint Isize)
{
    public bool Succeeded => Status is ZipStatus.Ok or ZipStatus.NegativeCompression or ZipStatus.DecompressEnd;
}

/// <summary>
/// The 128-byte hisi_zip SQE (32 little-endian dwords). Two generations share the layout: SQE type 0
/// with the tag in dw13 (QM v1/v2, Kunpeng 920) and type 3 with the tag in dw26 (QM v3 and later).
/// Only this class knows the bits.
/// </summary>
internal static class ZipSqe
{
    public const int Size = 128;

    /// <summary>The per-request limit on input and flat output (UADK's HZ_MAX_SIZE).</summary>
    public const int MaxRequestBytes = 8 * 1024 * 1024;

    /// <summary>The device needs at least this much output space.</summary>
    public const int MinOutputBytes = 200;

    private const int Consumed = 0;
    private const int Produced = 1;
    private const int StatusWord = 3;
    private const int InputLength = 4;
    private const int Control = 7;
    private const int RequestType = 9;
    private const int TagV1 = 13;
    private const int OutputCapacity = 14;
    private const int CtxDw0 = 15;
    private const int SourceLow = 18;
    private const int SourceHigh = 19;
    private const int DestinationLow = 20;
    private const int DestinationHigh = 21;
    private const int StreamContextLow = 22;
    private const int StreamContextHigh = 23;
    private const int TagV3 = 26;
    private const int CtxDw1 = 28;
    private const int CtxDw2 = 29;
    private const int Isize = 30;
    private const int Checksum = 31;

    // dw7: bit 25 flush (1 = FINISH), bit 26 stream mode, bit 27 new stream, bits 28-31 SQE type.
    private const uint FlushFinish = 1u << 25;
    private const uint StreamMode = 1u << 26;
    private const uint NewStream = 1u << 27;
    private const int SqeTypeShift = 28;

    // dw9 bits 12-15: window size code; 4 = 32 KiB.
    private const uint Window32K = 4u << 12;

    public static int SqeType(int qmVersion) => qmVersion >= 3 ? 3 : 0;

    /// <summary>Writes a stateless (block) request: FINISH and NEW set, as UADK does, so one request is one whole stream.</summary>
    public static void WriteBlockRequest(Span<byte> sqe, int qmVersion, in ZipRequest request) =>
        WriteRequest(sqe, qmVersion, request, FlushFinish | NewStream);

    /// <summary>
    /// Writes a stateful (stream-mode) request: stream mode, NEW on the first request of a stream,
    /// FINISH on the last (every other request ends with a sync flush), the address of the stream's
    /// hardware context area, and the words carried over from the previous completion.
    /// </summary>
    public static void WriteStreamRequest(Span<byte> sqe, int qmVersion, in ZipRequest request, in ZipStreamStep step)
    {
        uint control = StreamMode | (step.First ? NewStream : 0) | (step.Finish ? FlushFinish : 0);
        WriteRequest(sqe, qmVersion, request, control);
        Set(sqe, StreamContextLow, (uint)step.ContextAddress);
        Set(sqe, StreamContextHigh, (uint)(step.ContextAddress >> 32));
        WriteStreamState(sqe, step.First ? default : step.State);
    }

    private static void WriteRequest(Span<byte> sqe, int qmVersion, in ZipRequest request, uint control)
    {
        if (sqe.Length != Size)
        {
            throw new ArgumentException("An SQE is 128 bytes.", nameof(sqe));
        }

        sqe.Clear();
        int type = SqeType(qmVersion);
        Set(sqe, InputLength, request.SourceLength);
        Set(sqe, Control, control | ((uint)type << SqeTypeShift));
        uint requestType = (uint)request.Algorithm;
        if (type == 3 && request.Compress)
        {
            requestType |= Window32K;
        }

        Set(sqe, RequestType, requestType);
        Set(sqe, type == 3 ? TagV3 : TagV1, request.Tag);
        Set(sqe, OutputCapacity, request.DestinationCapacity);
        Set(sqe, SourceLow, (uint)request.Source);
        Set(sqe, SourceHigh, (uint)(request.Source >> 32));
        Set(sqe, DestinationLow, (uint)request.Destination);
        Set(sqe, DestinationHigh, (uint)(request.Destination >> 32));
    }

    /// <summary>The stream words of a completed stream-mode SQE, to carry into the next request.</summary>
    public static ZipStreamState ReadStreamState(ReadOnlySpan<byte> sqe) =>
        new(Get(sqe, CtxDw0), Get(sqe, CtxDw1), Get(sqe, CtxDw2), Get(sqe, Isize), Get(sqe, Checksum));

    /// <summary>Writes the stream words (the driver before submitting, the device model on completion).</summary>
    public static void WriteStreamState(Span<byte> sqe, in ZipStreamState state)
    {
        Set(sqe, CtxDw0, state.CtxDw0);
        Set(sqe, CtxDw1, state.CtxDw1);
        Set(sqe, CtxDw2, state.CtxDw2);
        Set(sqe, Isize, state.Isize);
        Set(sqe, Checksum, state.Checksum);
    }

    public static ZipResult ReadResult(ReadOnlySpan<byte> sqe, int qmVersion)
    {
        uint status = Get(sqe, StatusWord);
        return new ZipResult(
            Get(sqe, Consumed),
            Get(sqe, Produced),
            (ZipStatus)(status & 0xFF),
            (status & 0x100) != 0,
            Get(sqe, SqeType(qmVersion) == 3 ? TagV3 : TagV1),
            Get(sqe, Checksum),
            Get(sqe, Isize));
    }

    // ---- Accessors the device model shares (it reads requests and writes results) ----------

    public static uint Get(ReadOnlySpan<byte> sqe, int dword) => BinaryPrimitives.ReadUInt32LittleEndian(sqe[(dword * 4)..]);

    public static void Set(Span<byte> sqe, int dword, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(sqe[(dword * 4)..], value);

    public static ulong SourceAddress(ReadOnlySpan<byte> sqe) => Get(sqe, SourceLow) | ((ulong)Get(sqe, SourceHigh) << 32);

    public static ulong DestinationAddress(ReadOnlySpan<byte> sqe) => Get(sqe, DestinationLow) | ((ulong)Get(sqe, DestinationHigh) << 32);

    public static uint SourceLength(ReadOnlySpan<byte> sqe) => Get(sqe, InputLength);

    public static uint DestinationCapacity(ReadOnlySpan<byte> sqe) => Get(sqe, OutputCapacity);

    public static ZipAlgorithm Algorithm(ReadOnlySpan<byte> sqe) => (ZipAlgorithm)(Get(sqe, RequestType) & 0xFF);

    public static int SqeTypeOf(ReadOnlySpan<byte> sqe) => (int)(Get(sqe, Control) >> SqeTypeShift);

    public static bool IsStreamMode(ReadOnlySpan<byte> sqe) => (Get(sqe, Control) & StreamMode) != 0;

    public static bool IsNewStream(ReadOnlySpan<byte> sqe) => (Get(sqe, Control) & NewStream) != 0;

    public static bool IsFinish(ReadOnlySpan<byte> sqe) => (Get(sqe, Control) & FlushFinish) != 0;

    public static ulong StreamContextAddress(ReadOnlySpan<byte> sqe) => Get(sqe, StreamContextLow) | ((ulong)Get(sqe, StreamContextHigh) << 32);

    /// <summary>Writes the result words as the device does (used by the device model).</summary>
    public static void WriteResult(Span<byte> sqe, uint consumed, uint produced, ZipStatus status, bool lastBlock, uint checksum, uint isize)
    {
        Set(sqe, Consumed, consumed);
        Set(sqe, Produced, produced);
        Set(sqe, StatusWord, (uint)status | (lastBlock ? 0x100u : 0));
        Set(sqe, Checksum, checksum);
        Set(sqe, Isize, isize);
    }
}
