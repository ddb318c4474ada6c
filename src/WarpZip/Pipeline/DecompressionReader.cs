using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Diagnostics;
using WarpZip.Engines;
using WarpZip.Formats;

namespace WarpZip.Pipeline;

/// <summary>
/// The decompressing side of a stream. It inflates on the caller's thread at first, so small streams
/// pay nothing for threads; once a stream proves large (or its first gzip member carries an index)
/// a <see cref="ReadAhead"/> producer takes the decoder over and inflates ahead of the caller.
/// </summary>
internal sealed class DecompressionReader : IDisposable, IAsyncDisposable
{
    // Output produced inline before inflation moves to a worker.
    private const int ReadAheadThreshold = 1024 * 1024;

    private readonly SequentialDecoder _decoder;
    private readonly EngineChoice _engines;
    private readonly DeviceTally _tally = new();
    private readonly bool _strict;
    private readonly int _parallelism;
    private readonly bool _probeIndex;
    private ReadAhead? _readAhead;
    private long _bytesOut;
    private readonly long _maxOutput;
    private bool _disposed;

    public DecompressionReader(Stream stream, CompressionFormat format, WarpZipOptions options)
    {
        _engines = EngineSelector.Select(options, format, compressSettings: null);
        _strict = options.ResolveStrictValidation();
        _parallelism = options.DegreeOfParallelism;
        _maxOutput = options.MaxDecompressedBytes ?? long.MaxValue;
        _probeIndex = format == CompressionFormat.GZip && _parallelism > 1;
        _decoder = new SequentialDecoder(stream, format, _engines.Software, _strict) { PauseAtMemberStart = _probeIndex };
    }

    public WarpZipStatistics Statistics =>
        new(_engines.Name, _decoder.BytesConsumed, _bytesOut, _readAhead?.Blocks ?? 0, _readAhead?.ParallelMembers ?? 0)
        {
            HardwareChunks = _tally.HardwareChunks,
            FallbackChunks = _tally.FallbackChunks,
            FallbackReasons = _tally.Reasons(_engines.WhyNotHardware),
        };

    public int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_readAhead is not null)
            {
                return Count(_readAhead.Read(buffer));
            }

            if (buffer.IsEmpty)
            {
                return 0;
            }

            switch (StepInline(buffer, out int written))
            {
                case SequentialDecoder.StepResult.Produced:
                    return Count(written);
                case SequentialDecoder.StepResult.Done:
                    return 0;
                case SequentialDecoder.StepResult.NeedInput:
                    _decoder.Fill();
                    break;
            }
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_readAhead is not null)
            {
                return Count(await _readAhead.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
            }

            if (buffer.IsEmpty)
            {
                return 0;
            }

            switch (StepInline(buffer.Span, out int written))
            {
                case SequentialDecoder.StepResult.Produced:
                    return Count(written);
                case SequentialDecoder.StepResult.Done:
                    return 0;
                case SequentialDecoder.StepResult.NeedInput:
                    await _decoder.FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    // Once a read-ahead runs, its decoded blocks go to the destination as they are, without the copy
    // into an intermediate buffer that Read needs.
    public void CopyTo(Stream destination, int bufferSize)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 64 * 1024));
        try
        {
            while (true)
            {
                if (_readAhead is not null)
                {
                    ReadOnlyMemory<byte> block = _readAhead.CurrentBlock();
                    if (block.IsEmpty)
                    {
                        return;
                    }

                    destination.Write(block.Span[..Count(block.Length)]);
                    _readAhead.Consume(block.Length);
                    continue;
                }

                int read = Read(buffer);
                if (read == 0)
                {
                    return;
                }

                destination.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 64 * 1024));
        try
        {
            while (true)
            {
                if (_readAhead is not null)
                {
                    ReadOnlyMemory<byte> block = await _readAhead.CurrentBlockAsync(cancellationToken).ConfigureAwait(false);
                    if (block.IsEmpty)
                    {
                        return;
                    }

                    await destination.WriteAsync(block[..Count(block.Length)], cancellationToken).ConfigureAwait(false);
                    _readAhead.Consume(block.Length);
                    continue;
                }

                int read = await ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // One step on the caller's thread, unless this is the moment to hand the decoder to a producer
    // (then Produced with 0 bytes never happens: the caller loops into the read-ahead).
    private SequentialDecoder.StepResult StepInline(Span<byte> buffer, out int written)
    {
        written = 0;
        if (ShouldStartReadAhead())
        {
            _readAhead = new ReadAhead(_decoder, _engines, _tally, _strict, _parallelism);
            return SequentialDecoder.StepResult.MemberStart;
        }

        SequentialDecoder.StepResult result = _decoder.Step(buffer, out written);
        if (result == SequentialDecoder.StepResult.MemberStart && _decoder.Buffered.IsEmpty)
        {
            return SequentialDecoder.StepResult.NeedInput;
        }

        return result;
    }

    private bool ShouldStartReadAhead()
    {
        if (_parallelism == 1 || _decoder.IsDone)
        {
            return false;
        }

        if (_bytesOut >= ReadAheadThreshold)
        {
            return true;
        }

        return _probeIndex && _decoder.AtGZipMemberStart &&
            IndexedMember.TryRead(_decoder.Buffered, out _, out _) == IndexedMember.Probe.Indexed;
    }

    private int Count(int read)
    {
        if (_bytesOut + read > _maxOutput)
        {
            throw new InvalidDataException($"The decompressed data exceeds the limit of {_maxOutput} bytes set by WarpZipOptions.MaxDecompressedBytes.");
        }

        _bytesOut += read;
        WarpZipMetrics.Decompressed(read);
        return read;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _readAhead?.Dispose();
        _decoder.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_readAhead is not null)
        {
            await _readAhead.StopAsync(isAsync: true).ConfigureAwait(false);
        }

        _decoder.Dispose();
    }
}
