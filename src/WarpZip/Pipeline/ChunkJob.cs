using System;
using System.Buffers;
using System.IO;
using System.IO.Hashing;
using System.Threading.Tasks;
using WarpZip.Buffers;
using WarpZip.Diagnostics;
using WarpZip.Engines;
using WarpZip.Formats;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.Pipeline;

/// <summary>How a chunk's compressed bytes are framed.</summary>
internal enum ChunkFraming
{
    /// <summary>Raw DEFLATE blocks that continue the one stream (the writer adds header and trailer).</summary>
    StreamPiece,

    /// <summary>A complete indexed gzip member (see <see cref="IndexedMember"/>).</summary>
    IndexedMember,
}

/// <summary>
/// One chunk of input on its way to compressed bytes, on the accelerator when it can take the chunk
/// and in software otherwise (or when the device fails it: then the same bytes are redone in
/// software, so nothing is lost or duplicated). On the device a chunk is a block request when it is a
/// unit of its own (an indexed member, a whole one-chunk stream) and the next piece of the stream's
/// stateful device session otherwise. It owns its input and dictionary until it has run and its
/// output until the writer disposes it.
/// </summary>
internal sealed class ChunkJob : IWorkItem, IDisposable
{
    private readonly ICompressionEngine _software;
    private readonly HisiZipEngine? _hardware;
    private readonly HisiZipStreamSession? _deviceStream;
    private readonly bool _verifyHardware;
    private readonly DeflateSettings _settings;
    private readonly CompressionFormat _format;
    private readonly ChunkFraming _framing;
    private readonly bool _final;
    private readonly bool _wholeStream;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _input;
    private byte[]? _dictionary;
    private readonly int _dictionaryLength;
    private bool _disposed;

    public ChunkJob(EngineChoice engines, bool verifyHardware, DeflateSettings settings, CompressionFormat format, ChunkFraming framing,
        byte[] input, int inputLength, ReadOnlySpan<byte> dictionary, bool final, bool wholeStream, HisiZipStreamSession? deviceStream)
    {
        _software = engines.Software;
        _verifyHardware = verifyHardware;
        _settings = settings;
        _format = format;
        _framing = framing;
        _input = input;
        InputLength = inputLength;
        _final = final;
        _wholeStream = wholeStream;

        // Block requests make independent units: a whole indexed member, or a whole stream of one chunk;
        // a piece of a longer stream continues the stream's device session. Empty input stays in
        // software: a zero-length request's behaviour on the device is not documented (UADK and KAEZlib
        // never send one either; they write the empty final block themselves, as the software does here).
        bool independentUnit = framing == ChunkFraming.IndexedMember || wholeStream;
        _hardware = independentUnit && inputLength > 0 ? engines.Hardware : null;
        _deviceStream = !independentUnit && inputLength > 0 ? deviceStream : null;

        if (!dictionary.IsEmpty)
        {
            _dictionary = ArrayPool<byte>.Shared.Rent(dictionary.Length);
            dictionary.CopyTo(_dictionary);
            _dictionaryLength = dictionary.Length;
        }

        // Deflate rarely exceeds half the input on real data; the buffer grows if it must.
        Output = new PooledBuffer((inputLength / 2) + 1024);
        ResourceCounters.ChunkJobCreated();
    }

    public int InputLength { get; }

    /// <summary>The compressed bytes, valid once <see cref="Completion"/> has completed without error.</summary>
    public PooledBuffer Output { get; }

    /// <summary>CRC-32 (gzip) or Adler-32 (zlib) of this chunk's input; unused for raw deflate.</summary>
    public uint Checksum { get; private set; }

    public Exception? Error { get; private set; }

    /// <summary>True when the accelerator produced this chunk.</summary>
    public bool RanOnDevice { get; private set; }

    /// <summary>Why a chunk meant for the accelerator ran in software, if it did.</summary>
    public WarpZipFallbackReason? FallbackReason { get; private set; }

    public Task Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Starts the job: on the device if it can take it, else in software here (<paramref name="inline"/>) or on a worker.</summary>
    public void Start(bool inline)
    {
        if (_hardware is not null || _deviceStream is not null)
        {
            _ = RunOnDeviceAsync();
        }
        else if (inline)
        {
            Execute();
        }
        else
        {
            WorkerPool.Shared.Enqueue(this);
        }
    }

    /// <summary>The software path (a worker calls this).</summary>
    public void Execute()
    {
        try
        {
            RunInSoftware();
        }
        catch (Exception ex)
        {
            Error = ex;
        }
        finally
        {
            ReleaseInputs();
            _completion.TrySetResult();
        }
    }

    private void ComputeChecksum()
    {
        ReadOnlySpan<byte> input = _input.AsSpan(0, InputLength);
        Checksum = _format switch
        {
            CompressionFormat.GZip => Crc32.HashToUInt32(input),
            CompressionFormat.ZLib => Adler32.HashToUInt32(input),
            _ => 0,
        };
    }

    // gzip pieces get their CRC-32 from the compressor (cheaper than a pass of its own); a whole
    // one-chunk stream keeps the exact calls GZipStream makes, so its CRC is computed separately.
    private void RunInSoftware()
    {
        Output.Length = 0;
        ReadOnlySpan<byte> input = _input.AsSpan(0, InputLength);
        ReadOnlySpan<byte> dictionary = _dictionary.AsSpan(0, _dictionaryLength);
        if (_framing == ChunkFraming.IndexedMember)
        {
            // Header placeholder, blocks, trailer, then the header with the real lengths.
            Output.Length = IndexedMember.HeaderLength;
            Checksum = _software.DeflateChunkWithCrc(_settings, ReadOnlySpan<byte>.Empty, input, final: true, Output);
            AppendGZipTrailer();
            IndexedMember.WriteHeader(Output.WrittenSpan, _settings, Output.Length, InputLength);
        }
        else if (_format == CompressionFormat.GZip && !_wholeStream)
        {
            Checksum = _software.DeflateChunkWithCrc(_settings, dictionary, input, _final, Output);
        }
        else
        {
            ComputeChecksum();
            _software.DeflateChunk(_settings, dictionary, input, _final, _wholeStream, Output);
        }
    }

    // Indexed members exist only in gzip streams, so Checksum is the member's CRC-32.
    private void AppendGZipTrailer()
    {
        GZipFraming.WriteTrailer(Output.GetSpan(GZipFraming.TrailerLength), Checksum, InputLength);
        Output.Length += GZipFraming.TrailerLength;
    }

    // The device writes gzip bodies with their trailer; the header is ours. A whole stream or a final
    // piece keeps only the DEFLATE body (the writer frames it); an indexed member keeps everything; a
    // sync-flushed piece has no trailer. Nothing awaits before the request is queued, so the pieces of
    // a stream reach its device session in the order the writer started them.
    private async Task RunOnDeviceAsync()
    {
        try
        {
            ComputeChecksum();
            uint crc = _format == CompressionFormat.GZip ? Checksum : Crc32.HashToUInt32(_input.AsSpan(0, InputLength));
            int headerLength = _framing == ChunkFraming.IndexedMember ? IndexedMember.HeaderLength : 0;
            Output.Length = headerLength;
            ReadOnlyMemory<byte> input = _input.AsMemory(0, InputLength);
            Task<HardwareOutcome> pending = _deviceStream is not null ? _deviceStream.CompressAsync(input, crc, _final, Output)
                : InputLength <= HisiZipEngine.SlotInputBytes ? _hardware!.SubmitAsync(new HardwareRequest(input, ZipAlgorithm.Gzip, compress: true, Output, expectedOutputLength: -1))
                : CompressAsOwnDeviceStreamAsync(input, crc);
            HardwareOutcome outcome = await pending.ConfigureAwait(false);
            if (outcome.Succeeded && !DeviceOutputChecksOut(headerLength, crc))
            {
                outcome = HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus, "device output failed verification");
            }

            if (!outcome.Succeeded)
            {
                FallbackReason = outcome.Reason;
                WorkerPool.Shared.Enqueue(this); // redo the same bytes in software
                return;
            }

            RanOnDevice = true;
            if (_framing == ChunkFraming.IndexedMember)
            {
                IndexedMember.WriteHeader(Output.WrittenSpan, _settings, Output.Length, InputLength);
            }
            else if (_final)
            {
                Output.Length -= GZipFraming.TrailerLength;
            }

            ReleaseInputs();
            _completion.TrySetResult();
        }
        catch (Exception ex)
        {
            Error = ex;
            ReleaseInputs();
            _completion.TrySetResult();
        }
    }

    // A unit larger than one request (a big indexed member or one-chunk stream) is a device stream of its own.
    private async Task<HardwareOutcome> CompressAsOwnDeviceStreamAsync(ReadOnlyMemory<byte> input, uint crc)
    {
        HisiZipStreamSession session = _hardware!.OpenStreamSession();
        try
        {
            return await session.CompressAsync(input, crc, finish: true, Output).ConfigureAwait(false);
        }
        finally
        {
            session.Close();
        }
    }

    // A block request's trailer must carry our CRC-32 and length (a stream session checks its own
    // pieces' framing); with verification on, the body must also inflate to exactly the input.
    private bool DeviceOutputChecksOut(int headerLength, uint crc)
    {
        ReadOnlySpan<byte> produced = Output.WrittenSpan[headerLength..];
        if (!_final && _framing == ChunkFraming.StreamPiece)
        {
            return !_verifyHardware || DeviceOutputCheck.InflatesTo(_software, Window, produced, Input, final: false);
        }

        if (produced.Length < GZipFraming.TrailerLength)
        {
            return false;
        }

        Span<byte> expectedTrailer = stackalloc byte[GZipFraming.TrailerLength];
        GZipFraming.WriteTrailer(expectedTrailer, crc, InputLength);
        if (_deviceStream is null && !produced[^GZipFraming.TrailerLength..].SequenceEqual(expectedTrailer))
        {
            return false;
        }

        return !_verifyHardware || DeviceOutputCheck.InflatesTo(_software, Window, produced[..^GZipFraming.TrailerLength], Input, final: true);
    }

    private ReadOnlySpan<byte> Input => _input.AsSpan(0, InputLength);

    private ReadOnlySpan<byte> Window => _dictionary.AsSpan(0, _dictionaryLength);

    private void ReleaseInputs()
    {
        if (_input is not null)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = null;
        }

        if (_dictionary is not null)
        {
            ArrayPool<byte>.Shared.Return(_dictionary);
            _dictionary = null;
        }
    }

    /// <summary>Gives back the output buffer (and the inputs, if the job never ran).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseInputs();
        Output.Dispose();
        ResourceCounters.ChunkJobReleased();
    }
}
