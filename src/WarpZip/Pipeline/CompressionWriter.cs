using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Diagnostics;
using WarpZip.Engines;
using WarpZip.Formats;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.Pipeline;

/// <summary>
/// The compressing side of a stream. Input is cut into chunks at fixed offsets (multiples of the chunk
/// size, or an explicit Flush), each chunk is deflated on a shared worker with the 32 KiB before it as
/// its window, and the results are written in order. At most a few chunks per worker are in flight; a
/// writer that runs ahead waits for the oldest one. A stream of one chunk or less never leaves the
/// caller's thread.
/// </summary>
internal sealed class CompressionWriter
{
    private const int WindowSize = 32 * 1024;
    private const int InitialChunkCapacity = 16 * 1024;

    private readonly Stream _stream;
    private readonly CompressionFormat _format;
    private readonly DeflateSettings _settings;
    private readonly EngineChoice _engines;
    private readonly bool _verifyHardware;
    private readonly ChunkFraming _framing;
    private readonly int _chunkSize;
    private readonly int _parallelism;
    private readonly int _maxInFlight;
    private readonly Queue<ChunkJob> _inFlight = new();
    private readonly HisiZipStreamSession? _deviceStream;

    private byte[]? _chunk;
    private int _chunkFill;
    private byte[]? _window;
    private int _windowLength;
    private bool _dispatchedAny;
    private bool _headerWritten;
    private bool _finished;
    private bool _faulted;
    private uint _checksum;
    private long _bytesIn;
    private long _bytesOut;
    private long _chunks;
    private long _parallelChunks;
    private long _hardwareChunks;
    private long _fallbackChunks;
    private readonly List<WarpZipFallbackReason> _fallbackReasons = [];

    public CompressionWriter(Stream stream, CompressionFormat format, DeflateSettings settings, WarpZipOptions options)
    {
        if (options.Framing == WarpZipFraming.IndexedMembers && format != CompressionFormat.GZip)
        {
            throw new ArgumentException("Indexed member framing applies to gzip streams only.", nameof(options));
        }

        _stream = stream;
        _format = format;
        _settings = settings;
        _engines = EngineSelector.Select(options, format, settings);
        _verifyHardware = options.VerifyHardwareOutput;
        _framing = options.Framing == WarpZipFraming.IndexedMembers ? ChunkFraming.IndexedMember : ChunkFraming.StreamPiece;
        _chunkSize = options.ChunkSize;
        _parallelism = options.DegreeOfParallelism;
        _maxInFlight = 2 * options.DegreeOfParallelism;
        _checksum = format == CompressionFormat.ZLib ? Adler32Combine.Initial : 0;

        // A stream longer than one chunk continues one stateful device stream from piece to piece.
        if (_framing == ChunkFraming.StreamPiece)
        {
            _deviceStream = _engines.Hardware?.OpenStreamSession();
        }
    }

    public WarpZipStatistics Statistics => new(_engines.Name, _bytesIn, _bytesOut, _chunks, _parallelChunks)
    {
        HardwareChunks = _hardwareChunks,
        FallbackChunks = _fallbackChunks,
        FallbackReasons = WithStreamReason(),
    };

    // A stream that never reached the device still says why (no device, level policy...).
    private WarpZipFallbackReason[] WithStreamReason()
    {
        var reasons = new List<WarpZipFallbackReason>();
        if (_engines.WhyNotHardware is WarpZipFallbackReason why)
        {
            reasons.Add(why);
        }

        foreach (WarpZipFallbackReason reason in _fallbackReasons)
        {
            if (!reasons.Contains(reason))
            {
                reasons.Add(reason);
            }
        }

        return reasons.ToArray();
    }

    public void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_chunkFill == _chunkSize)
            {
                SyncPath.Complete(DispatchAsync(final: false, isAsync: false, CancellationToken.None));
            }

            int taken = Append(buffer);
            buffer = buffer[taken..];
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            if (_chunkFill == _chunkSize)
            {
                await DispatchAsync(final: false, isAsync: true, cancellationToken).ConfigureAwait(false);
            }

            int taken = Append(buffer.Span);
            buffer = buffer[taken..];
        }
    }

    public void Flush() => SyncPath.Complete(FlushCoreAsync(isAsync: false, CancellationToken.None));

    public Task FlushAsync(CancellationToken cancellationToken) => FlushCoreAsync(isAsync: true, cancellationToken).AsTask();

    public void Finish() => SyncPath.Complete(FinishCoreAsync(isAsync: false));

    public Task FinishAsync() => FinishCoreAsync(isAsync: true).AsTask();

    /// <summary>Waits for chunks still on workers and gives every buffer back. Safe to call more than once.</summary>
    public void Release()
    {
        while (_inFlight.TryDequeue(out ChunkJob? job))
        {
            // Jobs are CPU-only and finish promptly; they must not run on a buffer we have returned.
            job.Completion.GetAwaiter().GetResult();
            job.Dispose();
        }

        _deviceStream?.Close();
        ReturnToPool(ref _chunk);
        ReturnToPool(ref _window);
        _chunkFill = 0;
    }

    // ---- Chunking ------------------------------------------------------------------------------

    private int Append(ReadOnlySpan<byte> buffer)
    {
        int taken = Math.Min(buffer.Length, _chunkSize - _chunkFill);
        EnsureChunkCapacity(_chunkFill + taken);
        buffer[..taken].CopyTo(_chunk.AsSpan(_chunkFill));
        _chunkFill += taken;
        _bytesIn += taken;
        return taken;
    }

    // Small streams should not pay for a whole chunk: the first buffer starts small and doubles up to
    // the chunk size. Once a chunk has been dispatched the stream has proved large, and each new
    // chunk buffer is rented at full size (growing it again would copy every chunk twice over).
    private void EnsureChunkCapacity(int needed)
    {
        if (_chunk is not null && _chunk.Length >= needed)
        {
            return;
        }

        int grown = _dispatchedAny ? _chunkSize : Math.Max(InitialChunkCapacity, (_chunk?.Length ?? 0) * 2);
        int capacity = Math.Min(_chunkSize, Math.Max(needed, grown));
        byte[] larger = ArrayPool<byte>.Shared.Rent(capacity);
        if (_chunk is not null)
        {
            _chunk.AsSpan(0, _chunkFill).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_chunk);
        }

        _chunk = larger;
    }

    private async ValueTask DispatchAsync(bool final, bool isAsync, CancellationToken cancellationToken)
    {
        bool wholeStream = final && !_dispatchedAny;
        bool inline = _parallelism == 1 || wholeStream;

        // Make room before the chunk leaves the buffer: a failure or cancellation while waiting then
        // loses no input and leaks no job (the chunk is still here for the next attempt).
        while (!inline && _inFlight.Count >= _maxInFlight)
        {
            await EmitHeadAsync(isAsync, cancellationToken).ConfigureAwait(false);
        }

        EnsureChunkCapacity(1);
        byte[] input = _chunk!;
        int length = _chunkFill;
        _chunk = null;
        _chunkFill = 0;

        ReadOnlySpan<byte> dictionary = _framing == ChunkFraming.StreamPiece ? _window.AsSpan(0, _windowLength) : default;
        var job = new ChunkJob(_engines, _verifyHardware, _settings, _format, _framing, input, length, dictionary, final, wholeStream, _deviceStream);
        if (_framing == ChunkFraming.StreamPiece)
        {
            SlideWindow(input.AsSpan(0, length));
        }

        _chunks++;
        _dispatchedAny = true;
        if (inline)
        {
            _inFlight.Enqueue(job);
            job.Start(inline: true);
            await EmitHeadAsync(isAsync, cancellationToken).ConfigureAwait(false);
            return;
        }

        _inFlight.Enqueue(job);
        _parallelChunks++;
        job.Start(inline: false);
        while (_inFlight.Count > 0 && _inFlight.Peek().IsCompleted)
        {
            await EmitHeadAsync(isAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    // The next chunk's window is the last 32 KiB of everything before it, however short the chunks.
    private void SlideWindow(ReadOnlySpan<byte> chunk)
    {
        _window ??= ArrayPool<byte>.Shared.Rent(WindowSize);
        if (chunk.Length >= WindowSize)
        {
            chunk[^WindowSize..].CopyTo(_window);
            _windowLength = WindowSize;
            return;
        }

        int keep = Math.Min(_windowLength, WindowSize - chunk.Length);
        _window.AsSpan(_windowLength - keep, keep).CopyTo(_window);
        chunk.CopyTo(_window.AsSpan(keep));
        _windowLength = keep + chunk.Length;
    }

    // ---- Output, in order ----------------------------------------------------------------------

    private async ValueTask EmitHeadAsync(bool isAsync, CancellationToken cancellationToken)
    {
        ChunkJob job = _inFlight.Peek();
        if (isAsync)
        {
            await job.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            job.Completion.GetAwaiter().GetResult();
        }

        _inFlight.Dequeue();
        try
        {
            if (job.Error is not null)
            {
                _faulted = true;
                ExceptionDispatchInfo.Capture(job.Error).Throw();
            }

            if (job.RanOnDevice)
            {
                _hardwareChunks++;
            }

            WarpZipMetrics.Chunk(job.RanOnDevice, compress: true, job.InputLength);
            if (job.FallbackReason is WarpZipFallbackReason reason && _engines.Hardware is not null)
            {
                WarpZipMetrics.Fallback(reason);
                _fallbackChunks++;
                if (!_fallbackReasons.Contains(reason))
                {
                    _fallbackReasons.Add(reason);
                }
            }

            await WriteHeaderOnceAsync(isAsync, cancellationToken).ConfigureAwait(false);
            await WriteToStreamAsync(job.Output.WrittenMemory, isAsync, cancellationToken).ConfigureAwait(false);
            _checksum = _format switch
            {
                CompressionFormat.GZip => Crc32Combine.Combine(_checksum, job.Checksum, job.InputLength),
                CompressionFormat.ZLib => Adler32Combine.Combine(_checksum, job.Checksum, job.InputLength),
                _ => 0,
            };
        }
        finally
        {
            job.Dispose();
        }
    }

    private async ValueTask DrainAsync(bool isAsync, CancellationToken cancellationToken)
    {
        while (_inFlight.Count > 0)
        {
            await EmitHeadAsync(isAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask WriteHeaderOnceAsync(bool isAsync, CancellationToken cancellationToken)
    {
        if (_headerWritten || _framing == ChunkFraming.IndexedMember || _format == CompressionFormat.Deflate)
        {
            return ValueTask.CompletedTask;
        }

        _headerWritten = true;
        byte[] header = new byte[GZipFraming.PlainHeaderLength];
        int length;
        if (_format == CompressionFormat.GZip)
        {
            GZipFraming.WritePlainHeader(header, _settings);
            length = GZipFraming.PlainHeaderLength;
        }
        else
        {
            ZLibFraming.WriteHeader(header, _settings);
            length = ZLibFraming.HeaderLength;
        }

        return WriteToStreamAsync(header.AsMemory(0, length), isAsync, cancellationToken);
    }

    private async ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> bytes, bool isAsync, CancellationToken cancellationToken)
    {
        try
        {
            if (isAsync)
            {
                await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _stream.Write(bytes.Span);
            }
        }
        catch
        {
            _faulted = true;
            throw;
        }

        _bytesOut += bytes.Length;
    }

    private async ValueTask FlushCoreAsync(bool isAsync, CancellationToken cancellationToken)
    {
        if (_chunkFill > 0)
        {
            await DispatchAsync(final: false, isAsync, cancellationToken).ConfigureAwait(false);
        }

        await DrainAsync(isAsync, cancellationToken).ConfigureAwait(false);
        if (isAsync)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Flush();
        }
    }

    private async ValueTask FinishCoreAsync(bool isAsync)
    {
        if (_finished || _faulted)
        {
            return;
        }

        _finished = true;
        bool lastMemberAlreadyWritten = _framing == ChunkFraming.IndexedMember && _dispatchedAny && _chunkFill == 0;
        if (!lastMemberAlreadyWritten)
        {
            await DispatchAsync(final: true, isAsync, CancellationToken.None).ConfigureAwait(false);
        }

        await DrainAsync(isAsync, CancellationToken.None).ConfigureAwait(false);
        await WriteTrailerAsync(isAsync).ConfigureAwait(false);
    }

    private ValueTask WriteTrailerAsync(bool isAsync)
    {
        byte[] trailer = new byte[GZipFraming.TrailerLength];
        switch (_format)
        {
            case CompressionFormat.GZip when _framing == ChunkFraming.StreamPiece:
                GZipFraming.WriteTrailer(trailer, _checksum, _bytesIn);
                return WriteToStreamAsync(trailer, isAsync, CancellationToken.None);
            case CompressionFormat.ZLib:
                ZLibFraming.WriteTrailer(trailer, _checksum);
                return WriteToStreamAsync(trailer.AsMemory(0, ZLibFraming.TrailerLength), isAsync, CancellationToken.None);
            default:
                return ValueTask.CompletedTask;
        }
    }

    private static void ReturnToPool(ref byte[]? array)
    {
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
            array = null;
        }
    }
}
