using System;
using System.IO.Hashing;
using System.Threading.Tasks;
using WarpZip.Buffers;
using WarpZip.Formats;

namespace WarpZip.Hardware.HisiZip;

/// <summary>
/// One stateful (stream-mode) compression on the device: pieces of one DEFLATE stream go to the device
/// one at a time, in the order <see cref="CompressAsync"/> is called, each continuing the device
/// stream the previous piece left (its context buffer and carried words). Every piece but the last
/// ends on a sync flush, so its output can be followed by anything, including a piece redone in
/// software. When a piece fails, its context is given up and the next piece starts a new device
/// stream (no history, the same valid output). A piece larger than one request (a share-memory slot)
/// goes as several requests of the same device stream. The device writes gzip bodies; the caller
/// strips the trailer of the last piece and writes its own framing.
/// </summary>
internal sealed class HisiZipStreamSession
{
    private static readonly byte[] SyncFlushMarker = [0x00, 0x00, 0xFF, 0xFF];

    private readonly HisiZipEngine _engine;
    private readonly object _gate = new();
    private Task _tail = Task.CompletedTask;
    private StreamContext? _context;

    internal HisiZipStreamSession(HisiZipEngine engine) => _engine = engine;

    /// <summary>
    /// Queues <paramref name="input"/> as the next piece. On success the piece's output (ending on a
    /// sync-flush marker, or with the final block and the gzip trailer when <paramref name="finish"/>)
    /// has been appended to <paramref name="output"/>; on failure <paramref name="output"/> is unchanged.
    /// </summary>
    public Task<HardwareOutcome> CompressAsync(ReadOnlyMemory<byte> input, uint inputCrc, bool finish, PooledBuffer output)
    {
        lock (_gate)
        {
            Task<HardwareOutcome> step = RunAfterAsync(_tail, input, inputCrc, finish, output);
            _tail = step;
            return step;
        }
    }

    /// <summary>Gives the context back once the last queued piece is done.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _tail = ReleaseAfterAsync(_tail);
        }
    }

    private async Task<HardwareOutcome> RunAfterAsync(Task previous, ReadOnlyMemory<byte> input, uint inputCrc, bool finish, PooledBuffer output)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_context is null)
        {
            _context = _engine.TryTakeStreamContext(out HardwareOutcome noContext);
            if (_context is null)
            {
                return noContext;
            }
        }

        StreamContext context = _context;
        int start = output.Length;
        HardwareOutcome outcome = HardwareOutcome.Success;
        for (int offset = 0; offset < input.Length && outcome.Succeeded;)
        {
            int length = Math.Min(HisiZipEngine.SlotInputBytes, input.Length - offset);
            ReadOnlyMemory<byte> part = input.Slice(offset, length);
            uint partCrc = length == input.Length ? inputCrc : Crc32.HashToUInt32(part.Span);
            offset += length;
            outcome = await SendAsync(context, part, partCrc, finish && offset == input.Length, output).ConfigureAwait(false);
        }

        if (!outcome.Succeeded)
        {
            output.Length = start;
        }

        if (!outcome.Succeeded || finish)
        {
            Release();
        }

        return outcome;
    }

    private async Task<HardwareOutcome> SendAsync(StreamContext context, ReadOnlyMemory<byte> input, uint inputCrc, bool finish, PooledBuffer output)
    {
        int start = output.Length;
        var request = new HardwareRequest(input, ZipAlgorithm.Gzip, compress: true, output, expectedOutputLength: -1) { Stream = context, Finish = finish };
        HardwareOutcome outcome = await _engine.SubmitAsync(request).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            outcome = CheckPiece(context, request, output.WrittenSpan[start..], inputCrc);
        }

        if (outcome.Succeeded)
        {
            context.Advance(request.ReturnedState, inputCrc, input.Length);
        }

        return outcome;
    }

    // What the pipeline relies on, whatever the device did: the running size it reports, a piece
    // that ends byte-aligned on a sync-flush marker, and a final trailer for exactly this stream.
    private static HardwareOutcome CheckPiece(StreamContext context, HardwareRequest request, ReadOnlySpan<byte> produced, uint inputCrc)
    {
        long total = context.SegmentLength + request.Input.Length;
        if (request.ReturnedState.Isize != (uint)total)
        {
            return HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus,
                $"device reported a running size of {request.ReturnedState.Isize}, expected {(uint)total}");
        }

        if (!request.Finish)
        {
            return produced.EndsWith(SyncFlushMarker)
                ? HardwareOutcome.Success
                : HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus, "a stream piece did not end on a sync-flush marker");
        }

        Span<byte> trailer = stackalloc byte[GZipFraming.TrailerLength];
        GZipFraming.WriteTrailer(trailer, Crc32Combine.Combine(context.SegmentCrc, inputCrc, request.Input.Length), total);
        return produced.Length > trailer.Length && produced.EndsWith(trailer)
            ? HardwareOutcome.Success
            : HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus, "the device's gzip trailer does not match the stream");
    }

    private async Task ReleaseAfterAsync(Task previous)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Release();
    }

    private void Release()
    {
        if (_context is not null)
        {
            _engine.ReturnStreamContext(_context);
            _context = null;
        }
    }
}
