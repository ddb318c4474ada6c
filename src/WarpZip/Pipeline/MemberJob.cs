using System;
using System.Buffers;
using System.IO;
using System.Threading.Tasks;
using System.Buffers.Binary;
using System.IO.Hashing;
using WarpZip.Buffers;
using WarpZip.Engines;
using WarpZip.Formats;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.Pipeline;

/// <summary>
/// Inflates one indexed gzip member, on the accelerator when it can take it (software strips the
/// header, the device inflates body and trailer, software checks CRC-32 and length) and otherwise on a
/// worker, where the session checks header, CRC-32 and ISIZE. Either way the recorded lengths must match
/// what inflated. A device failure redoes the member in software.
/// </summary>
internal sealed class MemberJob : IWorkItem
{
    private readonly ICompressionEngine _engine;
    private readonly HisiZipEngine? _hardware;
    private readonly DeviceTally? _tally;
    private readonly int _memberLength;
    private readonly int _uncompressedLength;
    private readonly bool _complete;
    private readonly bool _strict;
    private readonly TaskCompletionSource<DecodedBlock> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _member;

    // complete: false when the input ended inside the member; decode what is there, as a sequential reader would.
    public MemberJob(EngineChoice engines, DeviceTally? tally, byte[] member, int memberLength, int uncompressedLength, bool complete, bool strict)
    {
        _engine = engines.Software;
        _hardware = complete ? engines.Hardware : null;
        _tally = tally;
        _member = member;
        _memberLength = memberLength;
        _uncompressedLength = uncompressedLength;
        _complete = complete;
        _strict = strict;
    }

    public Task<DecodedBlock> Completion => _completion.Task;

    /// <summary>Starts the member: on the device when it can take it, else on a shared worker.</summary>
    public void Start()
    {
        if (_hardware is not null)
        {
            _ = InflateOnDeviceAsync();
        }
        else
        {
            WorkerPool.Shared.Enqueue(this);
        }
    }

    private async Task InflateOnDeviceAsync()
    {
        HardwareOutcome outcome;
        var output = new PooledBuffer(_uncompressedLength + 1);
        if (!GZipFraming.TryGetHeaderLength(_member.AsSpan(0, _memberLength), out int headerLength) ||
            _memberLength - headerLength < GZipFraming.TrailerLength)
        {
            outcome = HardwareOutcome.Failed(WarpZipFallbackReason.LevelPolicy, "header left to software to report");
        }
        else
        {
            var request = new HardwareRequest(_member.AsMemory(headerLength, _memberLength - headerLength), ZipAlgorithm.Gzip, compress: false, output, _uncompressedLength);
            outcome = await _hardware!.SubmitAsync(request).ConfigureAwait(false);
            if (outcome.Succeeded && !MatchesTrailer(output.WrittenSpan))
            {
                outcome = HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus, "device output does not match the member's CRC-32");
            }
        }

        if (!outcome.Succeeded)
        {
            output.Dispose();
            _tally?.FellBack(outcome.Reason);
            WorkerPool.Shared.Enqueue(this);
            return;
        }

        _tally?.RanOnDevice();
        byte[] array = output.Detach(out int length);
        ArrayPool<byte>.Shared.Return(_member!);
        _member = null;
        _completion.TrySetResult(new DecodedBlock(array, length) { OnDevice = true });
    }

    private bool MatchesTrailer(ReadOnlySpan<byte> inflated)
    {
        ReadOnlySpan<byte> trailer = _member.AsSpan(_memberLength - GZipFraming.TrailerLength, GZipFraming.TrailerLength);
        return inflated.Length == _uncompressedLength &&
            BinaryPrimitives.ReadUInt32LittleEndian(trailer) == Crc32.HashToUInt32(inflated) &&
            BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == unchecked((uint)inflated.Length);
    }

    public void Execute()
    {
        byte[] output = ArrayPool<byte>.Shared.Rent(_uncompressedLength + 1);
        try
        {
            int written = Inflate(output);
            _completion.TrySetResult(new DecodedBlock(output, written));
        }
        catch (Exception ex)
        {
            ArrayPool<byte>.Shared.Return(output);
            _completion.TrySetException(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_member!);
            _member = null;
        }
    }

    private int Inflate(byte[] output)
    {
        using IInflateSession inflater = _engine.CreateInflater(InflateWrapper.GZip);
        ReadOnlySpan<byte> input = _member.AsSpan(0, _memberLength);
        Span<byte> destination = output.AsSpan(0, _uncompressedLength + 1);
        int consumedTotal = 0;
        int writtenTotal = 0;
        InflateProgress progress;
        do
        {
            progress = inflater.Inflate(input[consumedTotal..], destination[writtenTotal..], out int consumed, out int written);
            consumedTotal += consumed;
            writtenTotal += written;
            if ((consumed == 0 && written == 0) || writtenTotal == destination.Length)
            {
                break; // stuck, or more output than the index allows: the checks below decide
            }
        }
        while (progress != InflateProgress.StreamEnd);

        if (!_complete)
        {
            return progress == InflateProgress.StreamEnd || !_strict
                ? writtenTotal
                : throw new InvalidDataException("Found truncated data while decoding.");
        }

        if (progress != InflateProgress.StreamEnd || consumedTotal != _memberLength || writtenTotal != _uncompressedLength)
        {
            throw new InvalidDataException("An indexed gzip member's recorded lengths do not match its data.");
        }

        return writtenTotal;
    }
}
