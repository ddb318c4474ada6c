using System;
using System.Buffers;
using System.IO.Hashing;
using System.Threading.Tasks;
using WarpZip.Buffers;
using WarpZip.Engines;
using WarpZip.Formats;

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
/// One chunk of input on its way to compressed bytes. It owns its input and dictionary buffers until
/// it has run (then returns them to the pool at once) and its output until the writer disposes it.
/// </summary>
internal sealed class ChunkJob : IWorkItem, IDisposable
{
    private readonly ICompressionEngine _engine;
    private readonly DeflateSettings _settings;
    private readonly CompressionFormat _format;
    private readonly ChunkFraming _framing;
    private readonly bool _final;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _input;
    private byte[]? _dictionary;
    private readonly int _dictionaryLength;

    public ChunkJob(ICompressionEngine engine, DeflateSettings settings, CompressionFormat format, ChunkFraming framing,
        byte[] input, int inputLength, ReadOnlySpan<byte> dictionary, bool final)
    {
        _engine = engine;
        _settings = settings;
        _format = format;
        _framing = framing;
        _input = input;
        InputLength = inputLength;
        _final = final;
        if (!dictionary.IsEmpty)
        {
            _dictionary = ArrayPool<byte>.Shared.Rent(dictionary.Length);
            dictionary.CopyTo(_dictionary);
            _dictionaryLength = dictionary.Length;
        }

        // Deflate rarely exceeds half the input on real data; the buffer grows if it must.
        Output = new PooledBuffer((inputLength / 2) + 1024);
    }

    public int InputLength { get; }

    /// <summary>The compressed bytes, valid once <see cref="Completion"/> has completed without error.</summary>
    public PooledBuffer Output { get; }

    /// <summary>CRC-32 (gzip) or Adler-32 (zlib) of this chunk's input; unused for raw deflate.</summary>
    public uint Checksum { get; private set; }

    public Exception? Error { get; private set; }

    public Task Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Execute()
    {
        try
        {
            Run();
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

    private void Run()
    {
        ReadOnlySpan<byte> input = _input.AsSpan(0, InputLength);
        ReadOnlySpan<byte> dictionary = _dictionary.AsSpan(0, _dictionaryLength);
        Checksum = _format switch
        {
            CompressionFormat.GZip => Crc32.HashToUInt32(input),
            CompressionFormat.ZLib => Adler32.Update(Adler32.Initial, input),
            _ => 0,
        };

        if (_framing == ChunkFraming.StreamPiece)
        {
            _engine.DeflateChunk(_settings, dictionary, input, _final, Output);
            return;
        }

        // Indexed member: header placeholder, blocks, trailer, then the header with the real lengths.
        Output.Length = IndexedMember.HeaderLength;
        _engine.DeflateChunk(_settings, ReadOnlySpan<byte>.Empty, input, final: true, Output);
        GZipFraming.WriteTrailer(Output.GetSpan(GZipFraming.TrailerLength), Checksum, InputLength);
        Output.Length += GZipFraming.TrailerLength;
        IndexedMember.WriteHeader(Output.WrittenSpan, _settings, Output.Length, InputLength);
    }

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
        ReleaseInputs();
        Output.Dispose();
    }
}
