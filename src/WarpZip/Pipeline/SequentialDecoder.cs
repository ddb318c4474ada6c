using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Engines;
using WarpZip.Formats;

namespace WarpZip.Pipeline;

/// <summary>
/// Decodes a gzip, zlib or raw DEFLATE stream one piece at a time, following GZipStream's rules: gzip
/// members are decoded while the next bytes start with the gzip magic, anything else after a member (or
/// after a zlib/deflate stream) is ignored, and input that ends early is accepted unless validation is
/// strict. It owns the input buffer, so a read-ahead worker can take it over mid-stream.
/// </summary>
internal sealed class SequentialDecoder : IDisposable
{
    private const int InputBufferSize = 64 * 1024;

    private enum State
    {
        InStream,
        BetweenMembers,
        Done,
    }

    /// <summary>What one <see cref="Step"/> reached.</summary>
    public enum StepResult
    {
        Produced,
        NeedInput,
        Done,

        /// <summary>A new gzip member starts here (only when <see cref="PauseAtMemberStart"/> is set).</summary>
        MemberStart,
    }

    private readonly Stream _stream;
    private readonly CompressionFormat _format;
    private readonly bool _strict;
    private readonly IInflateSession _inflater;
    private byte[] _input = ArrayPool<byte>.Shared.Rent(InputBufferSize);
    private int _start;
    private int _end;
    private bool _inputEnded;
    private State _state;
    private long _consumedInStream;

    public SequentialDecoder(Stream stream, CompressionFormat format, ICompressionEngine engine, bool strict)
    {
        _stream = stream;
        _format = format;
        _strict = strict;
        _inflater = engine.CreateInflater(format switch
        {
            CompressionFormat.GZip => InflateWrapper.GZip,
            CompressionFormat.ZLib => InflateWrapper.ZLib,
            _ => InflateWrapper.Raw,
        });
    }

    /// <summary>Compressed bytes consumed so far.</summary>
    public long BytesConsumed { get; private set; }

    public bool IsDone => _state == State.Done;

    /// <summary>True at the very start of a gzip member, before any of its bytes were inflated.</summary>
    public bool AtGZipMemberStart => _format == CompressionFormat.GZip && _state == State.InStream && _consumedInStream == 0;

    /// <summary>Stop before each further gzip member so the caller can look for an index in its header.</summary>
    public bool PauseAtMemberStart { get; set; }

    public ReadOnlySpan<byte> Buffered => _input.AsSpan(_start, _end - _start);

    public bool InputEnded => _inputEnded;

    /// <summary>Decodes into <paramref name="output"/> (which must not be empty).</summary>
    public StepResult Step(Span<byte> output, out int written)
    {
        written = 0;
        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return StepResult.Done;
                case State.BetweenMembers:
                    StepResult? between = LookForNextMember();
                    if (between is not null)
                    {
                        return between.Value;
                    }

                    if (PauseAtMemberStart)
                    {
                        return StepResult.MemberStart;
                    }

                    continue;
            }

            if (_start == _end && !_inputEnded)
            {
                return StepResult.NeedInput;
            }

            InflateProgress progress = _inflater.Inflate(_input.AsSpan(_start, _end - _start), output, out int consumed, out written);
            Consume(consumed);
            if (progress == InflateProgress.StreamEnd)
            {
                _state = _format == CompressionFormat.GZip ? State.BetweenMembers : State.Done;
            }

            if (written > 0)
            {
                return StepResult.Produced;
            }

            if (progress == InflateProgress.StreamEnd)
            {
                continue;
            }

            if (consumed == 0)
            {
                if (!_inputEnded)
                {
                    return StepResult.NeedInput;
                }

                return EndedEarly();
            }
        }
    }

    // GZipStream's rule after a member: another member follows only if the magic 1F 8B does.
    private StepResult? LookForNextMember()
    {
        ReadOnlySpan<byte> next = Buffered;
        if (next.IsEmpty)
        {
            return _inputEnded ? Finish() : StepResult.NeedInput;
        }

        if (next[0] != GZipFraming.Id1)
        {
            return Finish();
        }

        if (next.Length < 2)
        {
            return _inputEnded ? EndedEarly() : StepResult.NeedInput;
        }

        if (next[1] != GZipFraming.Id2)
        {
            return Finish();
        }

        StartNextMember();
        return null;
    }

    private void StartNextMember()
    {
        _inflater.Reset();
        _state = State.InStream;
        _consumedInStream = 0;
    }

    private StepResult Finish()
    {
        _state = State.Done;
        return StepResult.Done;
    }

    private StepResult EndedEarly()
    {
        // Strict mode treats no input at all as truncated too: .NET's CopyTo does, although its Read
        // returns an empty stream there; a stream that never started is not a complete one.
        if (_strict)
        {
            throw new InvalidDataException("Found truncated data while decoding.");
        }

        return Finish();
    }

    private void Consume(int count)
    {
        _start += count;
        _consumedInStream += count;
        BytesConsumed += count;
    }

    /// <summary>Skips a whole gzip member that someone else decoded; its bytes were taken with <see cref="TakeInput"/>.</summary>
    public void MemberDecodedElsewhere() => _state = State.BetweenMembers;

    /// <summary>The input ended inside a member someone else decodes: nothing follows it.</summary>
    public void EndOfInputReached()
    {
        _inputEnded = true;
        _state = State.Done;
    }

    /// <summary>Moves up to <paramref name="destination"/>.Length buffered bytes out, counting them as consumed.</summary>
    public int TakeInput(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _end - _start);
        _input.AsSpan(_start, count).CopyTo(destination);
        Consume(count);
        return count;
    }

    /// <summary>Counts bytes read straight from the base stream past the buffer.</summary>
    public void CountDirectRead(int count) => BytesConsumed += count;

    public Stream BaseStream => _stream;

    public void Fill()
    {
        Compact();
        int read = _stream.Read(_input, _end, _input.Length - _end);
        Appended(read);
    }

    /// <summary>
    /// Reads from the base stream in pieces of up to <paramref name="size"/> bytes from now on. A
    /// read-ahead producer asks for this: an asynchronous read may resume it on another thread, so
    /// fewer, larger reads mean fewer thread hops per megabyte.
    /// </summary>
    public void EnlargeInputBuffer(int size)
    {
        if (_input.Length >= size)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(size);
        _input.AsSpan(_start, _end - _start).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_input);
        _input = larger;
        _end -= _start;
        _start = 0;
    }

    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        Compact();
        int read = await _stream.ReadAsync(_input.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        Appended(read);
    }

    private void Compact()
    {
        if (_start > 0)
        {
            _input.AsSpan(_start, _end - _start).CopyTo(_input);
            _end -= _start;
            _start = 0;
        }

        if (_end == _input.Length)
        {
            // Only header probing asks for more while the buffer is full: grow it (bounded by XLEN's 64 KiB).
            byte[] larger = ArrayPool<byte>.Shared.Rent(_input.Length * 2);
            _input.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_input);
            _input = larger;
        }
    }

    private void Appended(int read)
    {
        if (read == 0)
        {
            _inputEnded = true;
        }

        _end += read;
    }

    public void Dispose()
    {
        _inflater.Dispose();
        if (_input.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = [];
            _start = _end = 0;
        }
    }
}
