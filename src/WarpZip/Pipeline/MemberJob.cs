using System;
using System.Buffers;
using System.IO;
using System.Threading.Tasks;
using WarpZip.Engines;

namespace WarpZip.Pipeline;

/// <summary>
/// Inflates one indexed gzip member on a worker. The member's own header gave its lengths; the
/// session checks header, CRC-32 and ISIZE, and the recorded lengths must match what inflated.
/// </summary>
internal sealed class MemberJob : IWorkItem
{
    private readonly ICompressionEngine _engine;
    private readonly int _memberLength;
    private readonly int _uncompressedLength;
    private readonly bool _complete;
    private readonly bool _strict;
    private readonly TaskCompletionSource<DecodedBlock> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _member;

    // complete: false when the input ended inside the member; decode what is there, as a sequential reader would.
    public MemberJob(ICompressionEngine engine, byte[] member, int memberLength, int uncompressedLength, bool complete, bool strict)
    {
        _engine = engine;
        _member = member;
        _memberLength = memberLength;
        _uncompressedLength = uncompressedLength;
        _complete = complete;
        _strict = strict;
    }

    public Task<DecodedBlock> Completion => _completion.Task;

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
