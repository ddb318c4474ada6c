using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Hashing;

namespace WarpZip.Tool;

/// <summary>
/// -l: compressed size, uncompressed size, ratio, members and name, like <c>gzip -l</c> but computed by
/// reading the whole file (gzip trusts the last trailer, which is wrong past 4 GiB and for multi-member
/// files). Gzip members are walked one by one: the header is parsed here, the DEFLATE data is inflated by
/// WarpZip, and each trailer's CRC-32 and length are checked, so a corrupt file is an error.
/// </summary>
internal static class ListCommand
{
    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;

    private readonly record struct Listing(long Compressed, long Uncompressed, long Members, long Overhead, bool TrailingGarbage);

    public static int Run(Options options)
    {
        if (options.Files.Count == 0)
        {
            options.Files.Add("-");
        }

        if (options.Files.Contains("-") && !Console.IsInputRedirected && !options.Force)
        {
            Report.Fail("compressed data not read from a terminal. Use -f to force decompression.\nFor help, type: warpzip -h");
            return Report.ExitCode;
        }

        if (!options.Quiet)
        {
            Console.WriteLine(Row("compressed", "uncompressed", "ratio", "members", "uncompressed_name"));
        }

        long compressed = 0, uncompressed = 0, members = 0, overhead = 0;
        int listed = 0;
        foreach (string file in options.Files)
        {
            bool stdin = file == "-";
            string name = stdin ? "stdin" : file;
            if (!stdin && Directory.Exists(file))
            {
                Report.Warn($"{file} is a directory -- ignored");
                continue;
            }

            try
            {
                using Stream input = stdin
                    ? Console.OpenStandardInput()
                    : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                Listing listing = options.Format == ToolFormat.GZip ? ScanGZip(input, options) : ScanSingle(input, options);
                if (listing.TrailingGarbage)
                {
                    Report.Warn($"{name}: decompression OK, trailing garbage ignored");
                }

                string shownName = stdin ? "stdin" : Suffixes.Strip(options, file) ?? file;
                Console.WriteLine(Row(listing.Compressed, listing.Uncompressed, listing.Overhead, listing.Members, shownName));
                compressed += listing.Compressed;
                uncompressed += listing.Uncompressed;
                members += listing.Members;
                overhead += listing.Overhead;
                listed++;
            }
            catch (Exception e) when (GzipCommand.IsReportable(e))
            {
                Report.Fail(name + ": " + Report.Describe(e, options.Format));
            }
        }

        if (listed > 1 && !options.Quiet)
        {
            Console.WriteLine(Row(compressed, uncompressed, overhead, members, "(totals)"));
        }

        return Report.ExitCode;
    }

    private static string Row(long compressed, long uncompressed, long overhead, long members, string name)
    {
        // gzip's ratio: space saved, counting only the DEFLATE data (headers and trailers excluded).
        long data = compressed - overhead;
        double ratio = uncompressed == 0 ? 0 : 100.0 * (uncompressed - data) / uncompressed;
        CultureInfo c = CultureInfo.InvariantCulture;
        return Row(compressed.ToString(c), uncompressed.ToString(c), ratio.ToString("F1", c) + "%", members.ToString(c), name);
    }

    private static string Row(string compressed, string uncompressed, string ratio, string members, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{compressed,19} {uncompressed,19} {ratio,6} {members,8} {name}");

    /// <summary>zlib or raw DEFLATE: one stream, inflated by WarpZip; what follows it is trailing data.</summary>
    private static Listing ScanSingle(Stream input, Options options)
    {
        var sink = new CountingSink();
        WarpZipStatistics statistics = Transfer.Decompress(input, sink, options, passThrough: false, out bool garbage);
        long total = statistics.BytesIn;
        long overhead = options.Format == ToolFormat.ZLib ? 6 : 0;
        return new Listing(input.CanSeek ? input.Length : total, sink.Count, 1, overhead, garbage);
    }

    private static Listing ScanGZip(Stream input, Options options)
    {
        var replay = new ReplayStream(input);
        byte[] buffer = new byte[Codec.CopyBufferSize];
        long members = 0, uncompressed = 0, overhead = 0;
        bool garbage = false;
        byte[] header = new byte[10];
        byte[] trailer = new byte[8];
        while (true)
        {
            long memberStart = replay.Consumed;
            int count = replay.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (count == 0 && members > 0)
            {
                break;
            }

            if (count < 2 || header[0] != 0x1F || header[1] != 0x8B)
            {
                if (members == 0)
                {
                    throw count == 0 || (count == 1 && header[0] == 0x1F) ? Truncated() : new NotInFormatException();
                }

                // After the last member: gzip ignores zeros silently and warns about anything else.
                garbage = header.AsSpan(0, count).ContainsAnyExcept((byte)0) | DrainNonZero(replay, buffer);
                break;
            }

            if (count < header.Length)
            {
                throw Truncated();
            }

            if (header[2] != 8 || (header[3] & 0xE0) != 0)
            {
                throw new InvalidDataException("unknown method or reserved header flags set");
            }

            SkipOptionalFields(replay, header[3]);
            long dataStart = replay.Consumed;
            uint crc = Inflate(replay, options, buffer, out long size, out long used);
            replay.Unread(replay.Consumed - dataStart - used);
            if (replay.ReadAtLeast(trailer, trailer.Length, throwOnEndOfStream: false) < trailer.Length)
            {
                throw Truncated();
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != crc)
            {
                throw new InvalidDataException("incorrect data check");
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4)) != unchecked((uint)size))
            {
                throw new InvalidDataException("incorrect length check");
            }

            members++;
            uncompressed += size;
            overhead += dataStart - memberStart + trailer.Length;
        }

        return new Listing(replay.Consumed, uncompressed, members, overhead, garbage);
    }

    /// <summary>Inflates one member's DEFLATE data with WarpZip on this thread, so it reads little past the end.</summary>
    private static uint Inflate(ReplayStream replay, Options options, byte[] buffer, out long size, out long used)
    {
        var crc = new Crc32();
        size = 0;
        WarpCompressionStream inflater = Codec.CreateDecompressor(replay, options, ToolFormat.Deflate, threads: 1);
        try
        {
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                size += read;
            }
        }
        finally
        {
            inflater.Dispose();
        }

        used = inflater.Statistics.BytesIn;
        return crc.GetCurrentHashAsUInt32();
    }

    private static void SkipOptionalFields(ReplayStream replay, byte flags)
    {
        Span<byte> two = stackalloc byte[2];
        if ((flags & FlagExtra) != 0)
        {
            ReadExactly(replay, two);
            Skip(replay, BinaryPrimitives.ReadUInt16LittleEndian(two));
        }

        if ((flags & FlagName) != 0)
        {
            SkipZeroTerminated(replay);
        }

        if ((flags & FlagComment) != 0)
        {
            SkipZeroTerminated(replay);
        }

        if ((flags & FlagHeaderCrc) != 0)
        {
            ReadExactly(replay, two);
        }
    }

    private static void Skip(Stream stream, int count)
    {
        byte[] scratch = new byte[count];
        ReadExactly(stream, scratch);
    }

    private static void SkipZeroTerminated(Stream stream)
    {
        int b;
        while ((b = stream.ReadByte()) > 0)
        {
        }

        if (b < 0)
        {
            throw Truncated();
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> destination)
    {
        if (stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) < destination.Length)
        {
            throw Truncated();
        }
    }

    private static bool DrainNonZero(Stream stream, byte[] buffer)
    {
        bool nonZero = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            nonZero |= buffer.AsSpan(0, read).ContainsAnyExcept((byte)0);
        }

        return nonZero;
    }

    private static InvalidDataException Truncated() => new("Found truncated data while decoding.");

    /// <summary>A write-only stream that counts and discards.</summary>
    private sealed class CountingSink : Stream
    {
        public long Count { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
