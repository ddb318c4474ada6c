using System;
using System.IO;

namespace WarpZip.Tool;

/// <summary>One input through one WarpZip stream: the data path both interfaces share.</summary>
internal static class Transfer
{
    /// <summary>Compresses all of <paramref name="input"/> into <paramref name="output"/> (left open).</summary>
    public static WarpZipStatistics Compress(Stream input, Stream output, Options options)
    {
        WarpCompressionStream compressor = Codec.CreateCompressor(output, options);
        try
        {
            byte[] buffer = new byte[Codec.CopyBufferSize];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                compressor.Write(buffer, 0, read);
            }
        }
        catch
        {
            DisposeQuietly(compressor);
            throw;
        }

        compressor.Dispose();
        output.Flush();
        return compressor.Statistics;
    }

    /// <summary>
    /// Decompresses <paramref name="input"/> into <paramref name="output"/>, strictly (a truncated input is an
    /// error). Input that is not in the format throws <see cref="NotInFormatException"/>, or with
    /// <paramref name="passThrough"/> (gzip's -dcf) is copied unchanged. <paramref name="trailingGarbage"/> tells
    /// whether non-zero bytes followed the compressed data (gzip warns and ignores them).
    /// </summary>
    public static WarpZipStatistics Decompress(Stream input, Stream output, Options options, bool passThrough, out bool trailingGarbage)
    {
        trailingGarbage = false;
        var replay = new ReplayStream(input);
        byte[] head = new byte[2];
        int count = replay.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        bool matches = Codec.HasMagic(head.AsSpan(0, count), options.Format);
        replay.Unread(count);
        if (!matches && passThrough)
        {
            replay.CopyTo(output, Codec.CopyBufferSize);
            output.Flush();
            return new WarpZipStatistics("copy (not compressed)", replay.Consumed, replay.Consumed, 0, 0);
        }

        if (count == 0)
        {
            throw new InvalidDataException("Found truncated data while decoding: the input is empty.");
        }

        if (!matches)
        {
            throw count < 2 && head[0] == 0x1F && options.Format == ToolFormat.GZip
                ? new InvalidDataException("Found truncated data while decoding.")
                : new NotInFormatException();
        }

        WarpCompressionStream decompressor = Codec.CreateDecompressor(replay, options);
        try
        {
            decompressor.CopyTo(output, Codec.CopyBufferSize);
        }
        finally
        {
            decompressor.Dispose();
        }

        output.Flush();
        WarpZipStatistics statistics = decompressor.Statistics;
        trailingGarbage = HasTrailingGarbage(replay, statistics.BytesIn);
        return statistics;
    }

    /// <summary>Looks at what follows the compressed data: bytes the decoder took but did not use, then the rest.</summary>
    private static bool HasTrailingGarbage(ReplayStream replay, long used)
    {
        long excess = replay.Consumed - used;
        bool nonZero = false;
        if (excess > 0)
        {
            if (excess <= replay.Remembered)
            {
                byte[] tail = new byte[excess];
                replay.CopyLast(tail);
                nonZero = tail.AsSpan().ContainsAnyExcept((byte)0);
            }
            else
            {
                nonZero = true;
            }
        }

        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = replay.Read(buffer)) > 0)
        {
            nonZero |= buffer.AsSpan(0, read).ContainsAnyExcept((byte)0);
        }

        return nonZero;
    }

    private static void DisposeQuietly(WarpCompressionStream disposable)
    {
        try
        {
            disposable.Dispose();
        }
        catch (IOException)
        {
        }
        catch (InvalidDataException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
}
