using System;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Engines;
using WarpZip.Formats;
using WarpZip.Pipeline;

namespace WarpZip;

/// <summary>
/// The behaviour shared by <see cref="WarpGZipStream"/>, <see cref="WarpZLibStream"/> and
/// <see cref="WarpDeflateStream"/>: System.IO.Compression's stream contract over WarpZip's parallel
/// pipeline. It cannot be derived from outside this library.
/// </summary>
public abstract class WarpCompressionStream : Stream
{
    private Stream? _stream;
    private readonly bool _leaveOpen;
    private CompressionWriter? _writer;
    private DecompressionReader? _reader;
    private int _activeAsyncOperation;

    private protected WarpCompressionStream(Stream stream, CompressionMode mode, bool leaveOpen, WarpZipOptions? options, CompressionFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= WarpZipOptions.Default;
        switch (mode)
        {
            case CompressionMode.Decompress:
                if (!stream.CanRead)
                {
                    throw new ArgumentException("Stream does not support reading.", nameof(stream));
                }

                _reader = new DecompressionReader(stream, format, options);
                break;
            case CompressionMode.Compress:
                if (!stream.CanWrite)
                {
                    throw new ArgumentException("Stream does not support writing.", nameof(stream));
                }

                _writer = new CompressionWriter(stream, format, DeflateSettings.FromLevel(CompressionLevel.Optimal), options);
                break;
            default:
                throw new ArgumentException("Enum value was out of legal range.", nameof(mode));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    private protected WarpCompressionStream(Stream stream, CompressionLevel level, bool leaveOpen, WarpZipOptions? options, CompressionFormat format)
        : this(stream, ValidateLevel(level), leaveOpen, options, format)
    {
    }

    private protected WarpCompressionStream(Stream stream, ZLibCompressionOptions compressionOptions, bool leaveOpen, WarpZipOptions? options, CompressionFormat format)
        : this(stream, ValidateOptions(compressionOptions), leaveOpen, options, format)
    {
    }

    private WarpCompressionStream(Stream stream, DeflateSettings settings, bool leaveOpen, WarpZipOptions? options, CompressionFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("Stream does not support writing.", nameof(stream));
        }

        _writer = new CompressionWriter(stream, format, settings, options ?? WarpZipOptions.Default);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    private static DeflateSettings ValidateLevel(CompressionLevel compressionLevel) =>
        compressionLevel is < CompressionLevel.Optimal or > CompressionLevel.SmallestSize
            ? throw new ArgumentOutOfRangeException(nameof(compressionLevel))
            : DeflateSettings.FromLevel(compressionLevel);

    private static DeflateSettings ValidateOptions(ZLibCompressionOptions compressionOptions)
    {
        ArgumentNullException.ThrowIfNull(compressionOptions);
        return DeflateSettings.FromOptions(compressionOptions);
    }

    /// <summary>The stream this one reads from or writes to; <see langword="null"/> once disposed.</summary>
    public Stream BaseStream => _stream!;

    /// <summary>What ran so far: engine, bytes in and out, chunks.</summary>
    public WarpZipStatistics Statistics => _writer?.Statistics ?? _reader?.Statistics ?? default;

    /// <inheritdoc />
    public override bool CanRead => _reader is not null && _stream is not null && _stream.CanRead;

    /// <inheritdoc />
    public override bool CanWrite => _writer is not null && _stream is not null && _stream.CanWrite;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    // ---- Reading -------------------------------------------------------------------------------

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        DecompressionReader reader = EnsureReader();
        EnsureNoActiveAsyncOperation();
        return reader.Read(buffer);
    }

    /// <inheritdoc />
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        DecompressionReader reader = EnsureReader();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        BeginAsyncOperation();
        return Core(reader, buffer, cancellationToken);

        async ValueTask<int> Core(DecompressionReader reader, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            try
            {
                return await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                EndAsyncOperation();
            }
        }
    }

    /// <inheritdoc />
    public override void CopyTo(Stream destination, int bufferSize)
    {
        ValidateCopyToArguments(destination, bufferSize);
        DecompressionReader reader = EnsureCopySource();
        EnsureNoActiveAsyncOperation();
        reader.CopyTo(destination, bufferSize);
    }

    /// <inheritdoc />
    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ValidateCopyToArguments(destination, bufferSize);
        DecompressionReader reader = EnsureCopySource();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        BeginAsyncOperation();
        return Core(reader, destination, bufferSize, cancellationToken);

        async Task Core(DecompressionReader reader, Stream destination, int bufferSize, CancellationToken cancellationToken)
        {
            try
            {
                await reader.CopyToAsync(destination, bufferSize, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                EndAsyncOperation();
            }
        }
    }

    // ---- Writing -------------------------------------------------------------------------------

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        CompressionWriter writer = EnsureWriter();
        EnsureNoActiveAsyncOperation();
        writer.Write(buffer);
    }

    /// <inheritdoc />
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CompressionWriter writer = EnsureWriter();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        BeginAsyncOperation();
        return Core(writer, buffer, cancellationToken);

        async ValueTask Core(CompressionWriter writer, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        {
            try
            {
                await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                EndAsyncOperation();
            }
        }
    }

    /// <summary>
    /// When compressing, makes everything written so far decodable by a reader of the output (a sync
    /// flush point), then flushes the base stream. When decompressing, does nothing.
    /// </summary>
    public override void Flush()
    {
        EnsureNotDisposed();
        if (_writer is not null)
        {
            EnsureNoActiveAsyncOperation();
            _writer.Flush();
        }
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        EnsureNotDisposed();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (_writer is null)
        {
            return Task.CompletedTask;
        }

        BeginAsyncOperation();
        return Core(_writer, cancellationToken);

        async Task Core(CompressionWriter writer, CancellationToken cancellationToken)
        {
            try
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                EndAsyncOperation();
            }
        }
    }

    // ---- Disposal ------------------------------------------------------------------------------

    /// <summary>Finishes the compressed stream (when compressing), then closes the base stream unless leaveOpen.</summary>
    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing && _stream is not null)
            {
                _writer?.Finish();
            }
        }
        finally
        {
            try
            {
                ReleasePipeline();
                if (disposing && _stream is not null && !_leaveOpen)
                {
                    _stream.Dispose();
                }
            }
            finally
            {
                _stream = null;
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>Like <see cref="Dispose(bool)"/>, with the final writes and the base stream's disposal awaited.</summary>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_stream is not null && _writer is not null)
            {
                await _writer.FinishAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                if (_reader is not null && Volatile.Read(ref _activeAsyncOperation) == 0 && Interlocked.Exchange(ref _released, 1) == 0)
                {
                    await _reader.DisposeAsync().ConfigureAwait(false);
                    _writer?.Release();
                }

                ReleasePipeline();
                Stream? stream = _stream;
                _stream = null;
                if (stream is not null && !_leaveOpen)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                // With _stream cleared, the base class's Dispose(true) has nothing left to write or close.
                await base.DisposeAsync().ConfigureAwait(false);
                GC.SuppressFinalize(this);
            }
        }
    }

    // Statistics stay readable after disposal; only buffers and workers are given back. An async
    // operation still running (disposed under it) owns those buffers: it releases them when it ends.
    private void ReleasePipeline()
    {
        Volatile.Write(ref _releaseRequested, 1);
        if (Volatile.Read(ref _activeAsyncOperation) == 0)
        {
            ReleaseOnce();
        }
    }

    private void ReleaseOnce()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _writer?.Release();
            _reader?.Dispose();
        }
    }

    private int _releaseRequested;
    private int _released;

    // ---- Guards --------------------------------------------------------------------------------

    private void EnsureNotDisposed() => ObjectDisposedException.ThrowIf(_stream is null, this);

    private DecompressionReader EnsureReader()
    {
        if (_reader is null)
        {
            throw new InvalidOperationException("Reading from the compression stream is not supported.");
        }

        EnsureNotDisposed();
        return _reader;
    }

    // CopyTo checks disposal first and reports a compressing stream as not readable, as DeflateStream does.
    private DecompressionReader EnsureCopySource()
    {
        EnsureNotDisposed();
        return _reader ?? throw new NotSupportedException("Stream does not support reading.");
    }

    private CompressionWriter EnsureWriter()
    {
        if (_writer is null)
        {
            throw new InvalidOperationException("Writing to the compression stream is not supported.");
        }

        EnsureNotDisposed();
        return _writer;
    }

    private void EnsureNoActiveAsyncOperation()
    {
        if (Volatile.Read(ref _activeAsyncOperation) != 0)
        {
            ThrowConcurrentOperation();
        }
    }

    private void BeginAsyncOperation()
    {
        if (Interlocked.Exchange(ref _activeAsyncOperation, 1) != 0)
        {
            ThrowConcurrentOperation();
        }
    }

    private void EndAsyncOperation()
    {
        Volatile.Write(ref _activeAsyncOperation, 0);
        if (Volatile.Read(ref _releaseRequested) != 0)
        {
            ReleaseOnce();
        }
    }

    private static void ThrowConcurrentOperation() =>
        throw new InvalidOperationException("Only one asynchronous reader or writer is allowed time at one time.");
}
