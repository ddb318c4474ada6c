// Guest-side tests for the VM stage (tests/vm/run-vm-tests.sh): WarpZip against /dev/hisi_zip-N of the
// model kernel driver, through the real uacce framework and WarpZip's real syscall layer. Public API
// for the library, raw P/Invoke for the low-level checks. Prints PASS/FAIL lines and ends with
// "RESULT: <passed> <failed>" (the guest's init adds the runs up into "GUEST: N passed, M failed").
//
// Usage: GuestTests [full|smoke <qm_version>|child-stream]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using WarpZip;

namespace WarpZip.GuestTests;

internal static unsafe class Program
{
    private const string SysfsRoot = "/sys/class/uacce";
    private const string ParamRoot = "/sys/module/hisi_zip_model/parameters";
    private static int s_passed;
    private static int s_failed;
    private static bool s_full;

    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "full";
        if (mode == "child-stream")
        {
            return ChildStream();
        }

        s_full = mode == "full";
        int version = mode == "smoke" && args.Length > 1 ? int.Parse(args[1]) : 2;
        var total = Stopwatch.StartNew();
        Run("discovery from the real sysfs", () => Discovery(version, expectAvailable: 4));
        Run("raw ring: gzip and zlib decompression requests, poll() wakes", () => RawRing(version));
        Run($"raw ring: {(version >= 3 ? "raw deflate" : "zlib")} stream-mode requests, carried words checked, an uncarried ctx_dw2 rejected", () => RawStream(version));
        Run("WarpGZipStream indexed members compressed by the kernel driver", () => GzipIndexed(version));
        Run("WarpZLibStream one-chunk stream compressed by the kernel driver", () => ZlibOneChunk());
        Run("WarpGZipStream single member over 4.5 chunks: one device stream of stream-mode requests", GzipDeviceStream);
        Run("WarpZLibStream over 4.5 chunks: one device stream of stream-mode requests", ZlibDeviceStream);
        if (version >= 3)
        {
            Run("WarpDeflateStream one-chunk stream on a v3 device (raw deflate requests)", DeflateOneChunk);
        }
        if (mode == "full")
        {
            Run("queue bring-up and teardown, available_instances accounting", QueueLifecycle);
            Run("EEXIST for a second mapping, EINVAL for region 2", BadMappings);
            Run("START_Q twice gives EINVAL", StartTwice);
            Run("device error status mid-stream: software fallback, exact output", ErrorMidStream);
            Run("device stream carries history from request to request (context area, ctx words)", DeviceStreamHistory);
            Run("device error status mid device stream: piece redone in software, stream restarted", ErrorMidDeviceStream);
            Run("fork: child cannot use the parent's queue, parent keeps working, fd is close-on-exec", Fork);
            Run("EBUSY when queues run out, and the NoFreeQueue fallback it causes", QueuesRunOut);
            Run("a process killed mid-stream releases its queues", KilledProcessReleasesQueues);
        }

        Console.WriteLine($"INFO: mode {mode}, qm v{version}, {total.Elapsed.TotalSeconds:F1} s, driver requests {ReadParam("requests_done")}, recovered doorbells {ReadParam("recovered_doorbells")}");
        Console.WriteLine($"RESULT: {s_passed} {s_failed}");
        return s_failed == 0 ? 0 : 1;
    }

    private static void Run(string name, Action test)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            test();
            s_passed++;
            Console.WriteLine($"PASS: {name} ({watch.Elapsed.TotalSeconds:F1} s; load {File.ReadAllText("/proc/loadavg").Trim()})");
        }
        catch (Exception ex)
        {
            s_failed++;
            Console.WriteLine($"FAIL: {name} ({watch.Elapsed.TotalSeconds:F1} s): {ex.GetType().Name}: {ex.Message}");
            Console.WriteLine(ex.StackTrace);
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("check failed: " + what);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static string DeviceName()
    {
        string[] dirs = Directory.GetFileSystemEntries(SysfsRoot, "hisi_zip-*");
        Check(dirs.Length == 1, $"one hisi_zip device under {SysfsRoot} (found {dirs.Length})");
        return Path.GetFileName(dirs[0]);
    }

    private static string Attr(string name) => File.ReadAllText(Path.Combine(SysfsRoot, DeviceName(), name)).Trim();

    private static int Available() => int.Parse(Attr("available_instances"));

    private static string ReadParam(string name)
    {
        try
        {
            return File.ReadAllText(Path.Combine(ParamRoot, name)).Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static void WriteParam(string name, string value) => File.WriteAllText(Path.Combine(ParamRoot, name), value);

    private static byte[] TestData(int length, int seed)
    {
        // Text-like, compressible, deterministic.
        string[] words = ["the", "queue", "doorbell", "kernel", "phase", "gzip", "zlib", "accelerator", "of", "and", "a", "memory", "page", "uacce", "completion", "request", "\n"];
        var random = new Random(seed);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(words[random.Next(words.Length)]).Append(random.Next(10) == 0 ? ", " : " ");
            if (random.Next(50) == 0)
            {
                text.Append(random.Next(100000));
            }
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private static byte[] MixedData(int length, int seed)
    {
        // Text, random bytes, zeros and a short repeated record, in runs that straddle chunk boundaries.
        var random = new Random(seed);
        var data = new byte[length];
        for (int offset = 0, kind = 0; offset < length; kind++)
        {
            Span<byte> run = data.AsSpan(offset, Math.Min(length - offset, random.Next(24 * 1024, 96 * 1024)));
            switch (kind % 4)
            {
                case 0:
                    TestData(run.Length, random.Next()).CopyTo(run);
                    break;
                case 1:
                    random.NextBytes(run);
                    break;
                case 2:
                    break;
                default:
                    for (int i = 0; i < run.Length; i++)
                    {
                        run[i] = (byte)("record 0042;"[i % 12] + (i / 4096 % 3));
                    }

                    break;
            }

            offset += run.Length;
        }

        return data;
    }

    private static long ParamCount(string name) => long.Parse(ReadParam(name));

    private static byte[] PythonZlibDecompress(byte[] z) =>
        RunTool("python3", "-c \"import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))\"", z);

    private static byte[] Compress(Func<Stream, Stream> create, byte[] data, out WarpZipStatistics stats)
    {
        var output = new MemoryStream();
        var stream = (WarpCompressionStream)create(output);
        stream.Write(data, 0, data.Length);
        stream.Dispose();
        stats = stream.Statistics;
        return output.ToArray();
    }

    private static byte[] Inflate(Stream decoder)
    {
        using var result = new MemoryStream();
        decoder.CopyTo(result);
        decoder.Dispose();
        return result.ToArray();
    }

    private static string Describe(WarpZipStatistics s) =>
        $"engine '{s.Engine}', chunks {s.Chunks}, hardware {s.HardwareChunks}, fallback {s.FallbackChunks} [{string.Join(",", s.FallbackReasons)}]";

    private static byte[] RunTool(string file, string arguments, byte[] input)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        var output = new MemoryStream();
        var reader = new Thread(() => process.StandardOutput.BaseStream.CopyTo(output));
        reader.Start();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        reader.Join();
        process.WaitForExit();
        Check(process.ExitCode == 0, $"{file} {arguments} exited {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        return output.ToArray();
    }

    // ---- tests ---------------------------------------------------------------------------------------

    private static void Discovery(int version, int expectAvailable)
    {
        string name = DeviceName();
        Check(Attr("api") == $"hisi_qm_v{version}", $"api hisi_qm_v{version} (is {Attr("api")})");
        Check(Attr("flags") == "1", $"flags 1 (emulated SVA) (is {Attr("flags")})");
        int page = Environment.SystemPageSize;
        long mmio = version == 1 ? page : page + 0x1000;
        Check(long.Parse(Attr("region_mmio_size")) == mmio, $"region_mmio_size {mmio} (is {Attr("region_mmio_size")})");
        long dus = ((128 * 1024 + 16 * 1024 + page - 1) / page * page) + page;
        Check(long.Parse(Attr("region_dus_size")) == dus, $"region_dus_size {dus} (is {Attr("region_dus_size")})");
        Check(File.Exists("/dev/" + name), $"/dev/{name} exists");
        IReadOnlyList<WarpZipDeviceInfo> devices = WarpZipDeviceProvider.Linux.Discover();
        WarpZipDeviceInfo? info = devices.FirstOrDefault(d => d.Name == name);
        Check(info is not null, $"Discover() lists {name}");
        Check(info!.Usable, $"{name} usable: {info.Detail}");
        Check(info.Api == $"hisi_qm_v{version}", "Discover() api");
        Check(info.Algorithms.Contains("gzip") && info.Algorithms.Contains("zlib"), "algorithms zlib and gzip");
        Check(info.AvailableQueues == expectAvailable, $"available queues {expectAvailable} (is {info.AvailableQueues})");
        Console.WriteLine($"INFO: {name}: {info.Detail}");
    }

    private static void GzipIndexed(int version)
    {
        byte[] data = TestData(512 * 1024, 1);
        var options = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers, ChunkSize = 128 * 1024 };
        var watch = Stopwatch.StartNew();
        byte[] gz = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics stats);
        Console.WriteLine($"INFO: gzip {data.Length} -> {gz.Length} bytes in {watch.Elapsed.TotalSeconds:F1} s, {Describe(stats)}");
        Check(stats.HardwareChunks == 4 && stats.FallbackChunks == 0, "all 4 chunks on the device: " + Describe(stats));
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "GZipStream decodes it");
        Check(Inflate(new WarpGZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "WarpGZipStream decodes it");
        Console.WriteLine($"INFO: decoded by GZipStream and WarpGZipStream after {watch.Elapsed.TotalSeconds:F1} s");
        if (s_full)
        {
            // Each process start costs seconds under TCG: the external decoders run in the full pass only.
            Check(RunTool("gzip", "-dc", gz).AsSpan().SequenceEqual(data), "gzip -dc decodes it");
        }
    }

    private static void ZlibOneChunk()
    {
        byte[] data = TestData(128 * 1024, 2);
        byte[] z = Compress(s => new WarpZLibStream(s, CompressionLevel.Fastest), data, out WarpZipStatistics stats);
        Console.WriteLine($"INFO: zlib {data.Length} -> {z.Length} bytes, {Describe(stats)}");
        Check(stats.HardwareChunks == 1 && stats.FallbackChunks == 0, "the one chunk on the device: " + Describe(stats));
        Check(Inflate(new ZLibStream(new MemoryStream(z), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "ZLibStream decodes it");
        Check(Inflate(new WarpZLibStream(new MemoryStream(z), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "WarpZLibStream decodes it");
        if (s_full && File.Exists("/usr/bin/pigz"))
        {
            Check(RunTool("pigz", "-d -z -c", z).AsSpan().SequenceEqual(data), "pigz -dz (zlib format) decodes it");
        }
    }

    // A single-member stream longer than one chunk: every chunk one stream-mode SQE on one queue (NEW,
    // continuations with the carried words, FINISH with the trailer), the model checking the words.
    private static void GzipDeviceStream()
    {
        byte[] data = MixedData((4 * 128 * 1024) + (64 * 1024), 10);
        var options = new WarpZipOptions { Framing = WarpZipFraming.SingleMember, ChunkSize = 128 * 1024 };
        long streamRequests = ParamCount("stream_requests");
        var watch = Stopwatch.StartNew();
        byte[] gz = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics stats);
        long sent = ParamCount("stream_requests") - streamRequests;
        Console.WriteLine($"INFO: gzip device stream {data.Length} -> {gz.Length} bytes in {watch.Elapsed.TotalSeconds:F1} s, {sent} stream-mode requests, {Describe(stats)}");
        Check(stats.Chunks == 5 && stats.HardwareChunks == stats.Chunks && stats.FallbackChunks == 0 && stats.FallbackReasons.Count == 0,
            "all 5 chunks on the device, no fallback: " + Describe(stats));
        Check(sent == 5, $"5 stream-mode requests reached the driver (is {sent})");
        Check(gz.Length > 18 && gz[0] == 0x1F && gz[1] == 0x8B && gz[3] == 0, "a plain gzip header");
        Check(Inflate(new DeflateStream(new MemoryStream(gz[10..^8]), CompressionMode.Decompress)).AsSpan().SequenceEqual(data) &&
            BitConverter.ToUInt32(gz, gz.Length - 4) == (uint)data.Length, "one member: its body alone inflates to the whole input, ISIZE matches");
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "GZipStream decodes it");
        Check(Inflate(new WarpGZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "WarpGZipStream decodes it");
        if (s_full)
        {
            Check(RunTool("gzip", "-dc", gz).AsSpan().SequenceEqual(data), "gzip -dc decodes it");
        }
    }

    private static void ZlibDeviceStream()
    {
        byte[] data = MixedData((4 * 128 * 1024) + (64 * 1024), 11);
        var options = new WarpZipOptions { ChunkSize = 128 * 1024 };
        long streamRequests = ParamCount("stream_requests");
        byte[] z = Compress(s => new WarpZLibStream(s, CompressionLevel.Fastest, options), data, out WarpZipStatistics stats);
        long sent = ParamCount("stream_requests") - streamRequests;
        Console.WriteLine($"INFO: zlib device stream {data.Length} -> {z.Length} bytes, {sent} stream-mode requests, {Describe(stats)}");
        Check(stats.Chunks == 5 && stats.HardwareChunks == stats.Chunks && stats.FallbackChunks == 0 && stats.FallbackReasons.Count == 0,
            "all 5 chunks on the device, no fallback: " + Describe(stats));
        Check(sent == 5, $"5 stream-mode requests reached the driver (is {sent})");
        Check(Inflate(new ZLibStream(new MemoryStream(z), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "ZLibStream decodes it");
        Check(Inflate(new WarpZLibStream(new MemoryStream(z), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "WarpZLibStream decodes it");
        if (s_full)
        {
            Check(PythonZlibDecompress(z).AsSpan().SequenceEqual(data), "python3 zlib.decompress decodes it");
        }
    }

    // A 16 KiB random block repeated over 4 chunks costs about one block when each request may refer
    // back into the previous one (the kernel model primes zlib with the window from the context area),
    // and at least four (one per chunk) if every request started afresh. At the model's level 1 it is
    // about 1.47 blocks (zlib level 1 gives this data that much as one stream too: matches of 258 bytes
    // drift out of step with the 16 KiB period), so the 1.5 bound, the device model's, has little slack.
    private static void DeviceStreamHistory()
    {
        byte[] block = new byte[16 * 1024];
        new Random(77).NextBytes(block);
        byte[] data = new byte[4 * 128 * 1024];
        for (int offset = 0; offset < data.Length; offset += block.Length)
        {
            block.CopyTo(data, offset);
        }

        var options = new WarpZipOptions { Framing = WarpZipFraming.SingleMember, ChunkSize = 128 * 1024 };
        byte[] gz = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics stats);
        Console.WriteLine($"INFO: 16 KiB block x {data.Length / block.Length} -> {gz.Length} bytes ({(double)gz.Length / block.Length:F2} blocks), {Describe(stats)}");
        Check(stats.HardwareChunks == 4 && stats.FallbackChunks == 0, "all 4 chunks on the device: " + Describe(stats));
        Check(gz.Length < 1.5 * block.Length, $"compressed size {gz.Length} < 1.5 x {block.Length}: history crossed the requests");
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "GZipStream decodes it");
    }

    // The second request of the device stream fails: that piece is redone in software (it ended on a
    // sync flush, so anything may follow), and the next piece starts a new device stream.
    private static void ErrorMidDeviceStream()
    {
        byte[] data = MixedData(4 * 128 * 1024, 12);
        var options = new WarpZipOptions { Framing = WarpZipFraming.SingleMember, ChunkSize = 128 * 1024 };
        long streamRequests = ParamCount("stream_requests");
        byte[] gz = CompressWithErrorOnSecondRequest(options, data, out WarpZipStatistics stats);

        long sent = ParamCount("stream_requests") - streamRequests;
        Console.WriteLine($"INFO: device stream with one injected error: {sent} stream-mode requests, {Describe(stats)}");
        Check(stats.HardwareChunks == 3 && stats.FallbackChunks == 1, "3 chunks on the device, 1 redone in software: " + Describe(stats));
        Check(stats.FallbackReasons.Contains(WarpZipFallbackReason.DeviceErrorStatus), "reason DeviceErrorStatus: " + Describe(stats));
        Check(sent == 4, $"4 stream-mode requests, the faulted one included (is {sent})");
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "output decodes to the exact input (GZipStream)");
        Check(RunTool("gzip", "-dc", gz).AsSpan().SequenceEqual(data), "gzip -dc agrees");
        _ = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics after);
        Check(after.HardwareChunks == 4 && after.FallbackChunks == 0, "the next stream runs wholly on the device: " + Describe(after));
    }

    private static void DeflateOneChunk()
    {
        byte[] data = TestData(128 * 1024, 9);
        byte[] raw = Compress(s => new WarpDeflateStream(s, CompressionLevel.Fastest), data, out WarpZipStatistics stats);
        Console.WriteLine($"INFO: deflate {data.Length} -> {raw.Length} bytes, {Describe(stats)}");
        Check(stats.HardwareChunks == 1 && stats.FallbackChunks == 0, "the one chunk on the device: " + Describe(stats));
        Check(Inflate(new DeflateStream(new MemoryStream(raw), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "DeflateStream decodes it");
    }

    // Stream-mode SQEs written by hand (no WarpZip code): NEW with a sync flush, a continuation that
    // drops ctx_dw2 (the model must refuse it and keep the context), then the continuation with the
    // carried words and FINISH. The library sends gzip only; this covers zlib (v1/v2) and raw deflate (v3).
    private static void RawStream(int version)
    {
        using var q = RawQueue.Open(DeviceName());
        q.MapBoth();
        q.SetContext(0); // compression queue
        Check(q.Ioctl(Native.StartQ, null) == 0, "START_Q");
        bool zlib = version < 3;
        byte[] data = TestData(96 * 1024, 13);
        const int Split = 48 * 1024;
        const int Capacity = 64 * 1024;
        byte* src = (byte*)NativeMemory.AlignedAlloc((nuint)data.Length, 4096);
        byte* dst = (byte*)NativeMemory.AlignedAlloc(3 * Capacity, 4096);
        byte* ctx = (byte*)NativeMemory.AlignedAlloc(64 * 1024, 4096);
        try
        {
            data.CopyTo(new Span<byte>(src, data.Length));
            new Span<byte>(ctx, 64 * 1024).Clear();
            uint* first = RawStreamRequest(q, version, 0, zlib, src, Split, dst, Capacity, ctx + 64, newStream: true, finish: false, carried: null);
            Check((first[3] & 0x1FF) == 0, $"NEW piece: status 0, no last-block bit (dw3 0x{first[3]:x})");
            Check(first[0] == Split && first[1] > 4 && first[1] < Capacity, $"consumed {Split} (is {first[0]}), produced {first[1]}");
            Check(new Span<byte>(dst, (int)first[1]).EndsWith(new byte[] { 0, 0, 0xFF, 0xFF }), "the piece ends on a sync-flush marker");
            Check(first[29] == 32 * 1024 && first[30] == Split, $"ctx_dw2 32768 (is {first[29]}), isize {Split} (is {first[30]})");
            Check(first[31] == (zlib ? Adler32(1, data.AsSpan(0, Split)) : 0), $"running checksum (is 0x{first[31]:x})");
            uint[] carried = [first[15], first[28], first[29], first[30], first[31]];
            int firstLength = (int)first[1];

            uint[] dropped = [carried[0], carried[1], 0, carried[3], carried[4]];
            uint* refused = RawStreamRequest(q, version, 1, zlib, src + Split, data.Length - Split, dst + Capacity, Capacity, ctx + 64, newStream: false, finish: true, dropped);
            Check((refused[3] & 0xFF) == 0x05 && refused[0] == 0 && refused[1] == 0, $"uncarried ctx_dw2: status 0x05, nothing consumed or produced (dw3 0x{refused[3]:x})");

            uint* last = RawStreamRequest(q, version, 2, zlib, src + Split, data.Length - Split, dst + (2 * Capacity), Capacity, ctx + 64, newStream: false, finish: true, carried);
            Check(last[3] == 0x100, $"FINISH piece: status 0 with the last-block bit (dw3 0x{last[3]:x})");
            Check(last[0] == data.Length - Split && last[30] == data.Length, $"consumed {data.Length - Split} (is {last[0]}), isize {data.Length} (is {last[30]})");
            var stream = new MemoryStream();
            if (zlib)
            {
                stream.Write([0x78, 0x01]);
            }

            stream.Write(new ReadOnlySpan<byte>(dst, firstLength));
            stream.Write(new ReadOnlySpan<byte>(dst + (2 * Capacity), (int)last[1]));
            byte[] encoded = stream.ToArray();
            if (zlib)
            {
                uint adler = Adler32(1, data);
                Check(last[31] == adler && encoded.AsSpan(encoded.Length - 4).SequenceEqual(new byte[] { (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler }),
                    "Adler-32 of the whole stream, big-endian trailer");
            }

            Stream decoder = zlib ? new ZLibStream(new MemoryStream(encoded), CompressionMode.Decompress) : new DeflateStream(new MemoryStream(encoded), CompressionMode.Decompress);
            Check(Inflate(decoder).AsSpan().SequenceEqual(data), $"{(zlib ? "ZLibStream" : "DeflateStream")} decodes both pieces to the input");
        }
        finally
        {
            NativeMemory.AlignedFree(src);
            NativeMemory.AlignedFree(dst);
            NativeMemory.AlignedFree(ctx);
        }
    }

    // Writes one stream-mode SQE into slot `slot`, rings, waits for its CQE; returns the completed SQE.
    private static uint* RawStreamRequest(RawQueue q, int version, int slot, bool zlib, byte* src, int length, byte* dst, int capacity,
        byte* area, bool newStream, bool finish, uint[]? carried)
    {
        uint* sqe = (uint*)(q.Dus + (slot * 128));
        new Span<byte>(sqe, 128).Clear();
        int type = version >= 3 ? 3 : 0;
        sqe[4] = (uint)length;
        sqe[7] = (1u << 26) | (newStream ? 1u << 27 : 0) | (finish ? 1u << 25 : 0) | ((uint)type << 28);
        sqe[9] = zlib ? 2u : 1u;
        sqe[type == 3 ? 26 : 13] = 0x5000u + (uint)slot;
        sqe[14] = (uint)capacity;
        sqe[18] = (uint)(ulong)src;
        sqe[19] = (uint)((ulong)src >> 32);
        sqe[20] = (uint)(ulong)dst;
        sqe[21] = (uint)((ulong)dst >> 32);
        sqe[22] = (uint)(ulong)area;
        sqe[23] = (uint)((ulong)area >> 32);
        if (carried is not null)
        {
            (sqe[15], sqe[28], sqe[29], sqe[30], sqe[31]) = (carried[0], carried[1], carried[2], carried[3], carried[4]);
        }

        Thread.MemoryBarrier();
        q.RingSq(version, slot + 1);
        byte* cqe = q.Dus + 0x20000 + (slot * 16);
        var watch = Stopwatch.StartNew();
        while ((Volatile.Read(ref *(ushort*)(cqe + 14)) & 1) == 0 && watch.ElapsedMilliseconds < 10000)
        {
            var pfd = new Native.PollFd { Fd = q.Fd, Events = 1 };
            _ = Native.poll(&pfd, 1, 100);
        }

        Check((*(ushort*)(cqe + 14) & 1) == 1 && *(ushort*)(cqe + 8) == slot, $"CQE for slot {slot}");
        Check(sqe[type == 3 ? 26 : 13] == 0x5000u + (uint)slot, "tag echoed");
        return sqe;
    }

    private static uint Adler32(uint adler, ReadOnlySpan<byte> data)
    {
        uint a = adler & 0xFFFF, b = adler >> 16;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }

    private static void QueueLifecycle()
    {
        int before = Available();
        using (var q = RawQueue.Open(DeviceName()))
        {
            Check(Available() == before - 1, $"open takes one instance ({before} -> {Available()})");
            q.MapBoth();
            q.SetContext(0);
            Check(q.QueueId >= 0, "SET_QP_CTX returns an id");
            var info = q.QpInfo();
            Check(info.SqeSize == 128 && info.SqDepth == 1024 && info.CqDepth == 1024, $"SET_QP_INFO 128/1024/1024 (is {info.SqeSize}/{info.SqDepth}/{info.CqDepth})");
            Check(q.Ioctl(Native.StartQ, null) == 0, "START_Q");
            // Debian 6.1's uacce: PUT_Q only stops the queue (back to INIT); the queue is freed when the
            // file is released (newer kernels free it at PUT_Q). WarpZip's teardown (PUT_Q, munmap, close) frees it either way.
            Check(q.Ioctl(Native.PutQ, null) == 0, "PUT_Q");
            Check(Available() == before - 1, $"6.1: PUT_Q keeps the instance until close ({Available()} of {before})");
            Check(q.Ioctl(Native.StartQ, null) == 0, "6.1: PUT_Q stopped the queue, so START_Q works again");
            Check(q.MapRaw(1, q.DusSize) == Native.EEXIST, $"the DUS is still mapped: EEXIST (errno {q.LastErrno})");
        }

        Check(Available() == before, "close leaves the count unchanged");
        using (var q = RawQueue.Open(DeviceName()))
        {
            q.MapBoth();
            Check(Available() == before - 1, "second open takes one");
        }

        Check(Available() == before, $"munmap + close without PUT_Q frees it ({Available()} of {before})");
    }

    private static void BadMappings()
    {
        using var q = RawQueue.Open(DeviceName());
        q.MapBoth();
        Check(q.MapRaw(1, q.DusSize) == Native.EEXIST, $"second DUS mapping: EEXIST (errno {q.LastErrno})");
        Check(q.MapRaw(0, q.MmioSize) == Native.EEXIST, $"second MMIO mapping: EEXIST (errno {q.LastErrno})");
        Check(q.MapRaw(2, (nuint)Environment.SystemPageSize) == Native.EINVAL, $"region 2: EINVAL (errno {q.LastErrno})");
        using var q2 = RawQueue.Open(DeviceName());
        Check(q2.MapRaw(1, q2.DusSize - (nuint)Environment.SystemPageSize) == Native.EINVAL, $"short DUS mapping: EINVAL (errno {q2.LastErrno})");
    }

    private static void StartTwice()
    {
        using var q = RawQueue.Open(DeviceName());
        q.MapBoth();
        q.SetContext(0);
        Check(q.Ioctl(Native.StartQ, null) == 0, "first START_Q");
        Check(q.Ioctl(Native.StartQ, null) == -1 && q.LastErrno == Native.EINVAL, $"second START_Q: EINVAL (errno {q.LastErrno})");
        Check(q.Ioctl(0x5799, null) == -1 && q.LastErrno == Native.EINVAL, "unknown ioctl: EINVAL");
    }

    private static void RawRing(int version)
    {
        using var q = RawQueue.Open(DeviceName());
        q.MapBoth();
        q.SetContext(1); // decompression queue
        Check(q.Ioctl(Native.StartQ, null) == 0, "START_Q");
        byte[] data = TestData(128 * 1024, 3);
        var gz = new MemoryStream();
        using (var g = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            g.Write(data);
        }

        var zl = new MemoryStream();
        using (var z = new ZLibStream(zl, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        byte[] gzipBody = gz.ToArray()[10..]; // GZipStream writes a plain 10-byte header
        byte[] zlibBody = zl.ToArray()[2..];
        for (int slot = 0; slot < 2; slot++)
        {
            byte[] body = slot == 0 ? gzipBody : zlibBody;
            int capacity = data.Length + 4096;
            byte* src = (byte*)NativeMemory.AlignedAlloc((nuint)body.Length, 4096);
            byte* dst = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, 4096);
            try
            {
                body.CopyTo(new Span<byte>(src, body.Length));
                uint* sqe = (uint*)(q.Dus + (slot * 128));
                new Span<byte>(sqe, 128).Clear();
                int type = version >= 3 ? 3 : 0;
                sqe[4] = (uint)body.Length;
                sqe[7] = 0x0A000000u | ((uint)type << 28);
                sqe[9] = slot == 0 ? 3u : 2u;
                sqe[type == 3 ? 26 : 13] = 0x1234u + (uint)slot;
                sqe[14] = (uint)capacity;
                sqe[18] = (uint)(ulong)src;
                sqe[19] = (uint)((ulong)src >> 32);
                sqe[20] = (uint)(ulong)dst;
                sqe[21] = (uint)((ulong)dst >> 32);
                Thread.MemoryBarrier();
                q.RingSq(version, slot + 1);
                var pfd = new Native.PollFd { Fd = q.Fd, Events = 1 };
                int ready = Native.poll(&pfd, 1, 10000);
                Check(ready == 1 && (pfd.Revents & 1) != 0, $"poll() reports POLLIN (returned {ready}, revents {pfd.Revents})");
                byte* cqe = q.Dus + 0x20000 + (slot * 16);
                Check((*(ushort*)(cqe + 14) & 1) == 1, "CQE phase bit 1");
                Check(*(ushort*)(cqe + 8) == slot, $"CQE sq_head {slot} (is {*(ushort*)(cqe + 8)})");
                Check((sqe[3] & 0xFF) == 0x13, $"status 0x13 decompress end (is 0x{sqe[3]:x})");
                Check(sqe[0] == (uint)body.Length, $"consumed {body.Length} (is {sqe[0]})");
                Check(sqe[1] == (uint)data.Length, $"produced {data.Length} (is {sqe[1]})");
                Check(sqe[type == 3 ? 26 : 13] == 0x1234u + (uint)slot, "tag echoed");
                Check(new Span<byte>(dst, data.Length).SequenceEqual(data), "inflated bytes equal the input");
            }
            finally
            {
                NativeMemory.AlignedFree(src);
                NativeMemory.AlignedFree(dst);
            }
        }
    }

    // gzip-compresses with the driver's fault parameters set so that the second request fails with
    // status 0x05, and clears them again whatever happens.
    private static byte[] CompressWithErrorOnSecondRequest(WarpZipOptions options, byte[] data, out WarpZipStatistics stats)
    {
        WriteParam("fault_status", "5");
        WriteParam("fault_skip", "1");
        WriteParam("fault_count", "1");
        try
        {
            return Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out stats);
        }
        finally
        {
            WriteParam("fault_count", "0");
            WriteParam("fault_skip", "0");
        }
    }

    private static void ErrorMidStream()
    {
        byte[] data = TestData(512 * 1024, 4);
        var options = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers, ChunkSize = 128 * 1024, DegreeOfParallelism = 1 };
        byte[] gz = CompressWithErrorOnSecondRequest(options, data, out WarpZipStatistics stats);

        Console.WriteLine($"INFO: with one injected error: {Describe(stats)}");
        Check(stats.HardwareChunks == 3 && stats.FallbackChunks == 1, "3 chunks on the device, 1 redone in software: " + Describe(stats));
        Check(stats.FallbackReasons.Contains(WarpZipFallbackReason.DeviceErrorStatus), "reason DeviceErrorStatus");
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "output decodes to the exact input (GZipStream)");
        Check(RunTool("gzip", "-dc", gz).AsSpan().SequenceEqual(data), "gzip -dc agrees");
        byte[] again = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics after);
        Check(after.HardwareChunks == 4, "the device is used again afterwards: " + Describe(after));
    }

    private static void Fork()
    {
        // WarpZip's own queue files (the default provider's engine is open by now) must be close-on-exec.
        int libraryFds = 0;
        foreach (string fdPath in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            string? target = new FileInfo(fdPath).LinkTarget;
            if (target is not null && target.StartsWith("/dev/hisi_zip-", StringComparison.Ordinal))
            {
                int fd = int.Parse(Path.GetFileName(fdPath));
                int flags = Native.fcntl(fd, Native.F_GETFD, 0);
                Check(flags >= 0 && (flags & Native.FD_CLOEXEC) != 0, $"fd {fd} ({target}) has FD_CLOEXEC");
                libraryFds++;
            }
        }

        Check(libraryFds >= 2, $"WarpZip holds its queue files open ({libraryFds})");

        using var q = RawQueue.Open(DeviceName());
        q.MapBoth();
        q.SetContext(0);
        Check(q.Ioctl(Native.StartQ, null) == 0, "START_Q");
        byte* vec = stackalloc byte[64];
        nint dus = (nint)q.Dus;
        // Warm every call the child makes, so the child runs no JIT and allocates nothing.
        Check(Native.mincore(dus, 4096, vec) == 0, "mincore works on the parent's mapping");
        _ = Marshal.GetLastPInvokeError();
        nint warm = Native.mmap(0, 4096, 3, 1, -1, 0);
        _ = Native.mmap(0, 1, 3, 1, -1, 0);
        _ = Native.munmap(warm, 4096);
        int status = 0;
        _ = Native.waitpid(-12345, &status, 1);
        int fdNumber = q.Fd;
        nuint dusSize = q.DusSize;

        int pid = Native.fork();
        if (pid == 0)
        {
            // Child: the rings are not inherited (VM_DONTCOPY) and cannot be mapped again (the file's region is taken).
            int code = 0;
            if (Native.mincore(dus, 4096, vec) == 0 || Marshal.GetLastPInvokeError() != Native.ENOMEM)
            {
                code |= 1;
            }

            nint again = Native.mmap(0, dusSize, 3, 1, fdNumber, Environment.SystemPageSize);
            if (again != -1 || Marshal.GetLastPInvokeError() != Native.EEXIST)
            {
                code |= 2;
            }

            Native._exit(code);
        }

        Check(pid > 0, "fork");
        var watch = Stopwatch.StartNew();
        int waited;
        while ((waited = Native.waitpid(pid, &status, 1)) == 0 && watch.ElapsedMilliseconds < 20000)
        {
            Thread.Sleep(20);
        }

        if (waited == 0)
        {
            Native.kill(pid, 9);
            _ = Native.waitpid(pid, &status, 0);
            Check(false, "child did not finish");
        }

        Check((status & 0x7F) == 0, $"child exited normally (status 0x{status:x})");
        int exitCode = (status >> 8) & 0xFF;
        Check((exitCode & 1) == 0, "child: the parent's DUS mapping is absent (mincore ENOMEM)");
        Check((exitCode & 2) == 0, "child: mapping the inherited fd's DUS again fails with EEXIST");
        Check(Native.mincore(dus, 4096, vec) == 0, "parent still has its mapping");
        byte[] data = TestData(256 * 1024, 5);
        var options = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers, ChunkSize = 128 * 1024 };
        byte[] gz = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics stats);
        Check(stats.HardwareChunks == 2, "parent keeps using the device: " + Describe(stats));
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "and its output decodes");
    }

    private static void QueuesRunOut()
    {
        // The default provider's engine holds 2 of the 4 queues by now.
        int free = Available();
        Check(free == 2, $"2 queues left (is {free})");
        using var hold = RawQueue.Open(DeviceName());
        Check(Available() == 1, "1 left");
        byte[] data = TestData(256 * 1024, 6);
        var options = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers, ChunkSize = 128 * 1024, Devices = WarpZipDeviceProvider.LinuxAt(SysfsRoot, "/dev") };
        byte[] gz = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics stats);
        Console.WriteLine($"INFO: second provider with one free queue: {Describe(stats)}");
        Check(stats.HardwareChunks == 0 && stats.FallbackReasons.Contains(WarpZipFallbackReason.NoFreeQueue), "its decompression queue's open got EBUSY: NoFreeQueue fallback: " + Describe(stats));
        Check(Inflate(new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)).AsSpan().SequenceEqual(data), "software output decodes");
        Check(Available() == 1, $"the half-opened engine gave its compression queue back ({Available()})");
        using var last = RawQueue.Open(DeviceName());
        Check(Available() == 0, "0 left");
        int fd = Native.open("/dev/" + DeviceName(), Native.O_RDWR | Native.O_CLOEXEC);
        int errno = Marshal.GetLastPInvokeError();
        if (fd >= 0)
        {
            Native.close(fd);
        }

        Check(fd == -1 && errno == Native.EBUSY, $"open with no queue left: EBUSY (fd {fd}, errno {errno})");
        var devices = WarpZipDeviceProvider.Linux.Discover();
        Check(devices.Any(d => !d.Usable && d.Detail.Contains("NoFreeQueue", StringComparison.Ordinal)), "Discover() says NoFreeQueue: " + string.Join("; ", devices.Select(d => d.Detail)));
    }

    private static void KilledProcessReleasesQueues()
    {
        int before = Available();
        var start = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(Program).Assembly.Location}\" child-stream") { RedirectStandardOutput = true };
        using Process child = Process.Start(start)!;
        string? line;
        var watch = Stopwatch.StartNew();
        while ((line = child.StandardOutput.ReadLine()) is not null && !line.StartsWith("READY", StringComparison.Ordinal))
        {
            Console.WriteLine("INFO: child: " + line);
        }

        Check(line is not null, "child reported READY");
        Console.WriteLine($"INFO: child: {line} after {watch.Elapsed.TotalSeconds:F1} s");
        Check(Available() == before - 2, $"the child holds 2 queues ({Available()} of {before})");
        Thread.Sleep(300); // let it get mid-stream with requests in flight
        child.Kill();
        child.WaitForExit();
        var wait = Stopwatch.StartNew();
        while (Available() != before && wait.ElapsedMilliseconds < 10000)
        {
            Thread.Sleep(50);
        }

        Check(Available() == before, $"queues released after SIGKILL ({Available()} of {before}, {wait.ElapsedMilliseconds} ms)");
        byte[] data = TestData(256 * 1024, 7);
        var options = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers, ChunkSize = 128 * 1024 };
        _ = Compress(s => new WarpGZipStream(s, CompressionLevel.Optimal, options), data, out WarpZipStatistics stats);
        Check(stats.HardwareChunks == 2, "device still works: " + Describe(stats));
    }

    // Child process for KilledProcessReleasesQueues: streams through the device until killed.
    private static int ChildStream()
    {
        byte[] data = TestData(1024 * 1024, 8);
        var options = new WarpZipOptions { Framing = WarpZipFraming.IndexedMembers, ChunkSize = 64 * 1024 };
        bool ready = false;
        while (true)
        {
            using var output = new WarpGZipStream(Stream.Null, CompressionLevel.Optimal, options);
            for (int offset = 0; offset < data.Length; offset += 64 * 1024)
            {
                output.Write(data, offset, 64 * 1024);
                if (!ready && offset > 0)
                {
                    ready = true;
                    Console.WriteLine("READY");
                    Console.Out.Flush();
                }
            }
        }
    }

    /// <summary>A uacce queue file opened directly (no WarpZip code), for the low-level checks.</summary>
    private sealed class RawQueue : IDisposable
    {
        private readonly List<(nint Address, nuint Length)> _maps = [];

        private RawQueue(int fd, string name)
        {
            Fd = fd;
            DusSize = (nuint)long.Parse(File.ReadAllText($"{SysfsRoot}/{name}/region_dus_size").Trim());
            MmioSize = (nuint)long.Parse(File.ReadAllText($"{SysfsRoot}/{name}/region_mmio_size").Trim());
        }

        public int Fd { get; private set; }

        public nuint DusSize { get; }

        public nuint MmioSize { get; }

        public byte* Dus { get; private set; }

        public byte* Mmio { get; private set; }

        public int QueueId { get; private set; } = -1;

        public int LastErrno { get; private set; }

        public static RawQueue Open(string name)
        {
            int fd = Native.open("/dev/" + name, Native.O_RDWR | Native.O_CLOEXEC);
            int errno = Marshal.GetLastPInvokeError();
            Check(fd >= 0, $"open /dev/{name} (errno {errno})");
            return new RawQueue(fd, name);
        }

        /// <summary>mmap of region <paramref name="region"/>: 0 on success (kept), else the errno.</summary>
        public int MapRaw(int region, nuint length)
        {
            nint address = Native.mmap(0, length, 3, 1, Fd, (nint)region * Environment.SystemPageSize);
            if (address == -1)
            {
                LastErrno = Marshal.GetLastPInvokeError();
                return LastErrno;
            }

            _maps.Add((address, length));
            LastErrno = 0;
            return 0;
        }

        public void MapBoth()
        {
            Check(MapRaw(1, DusSize) == 0, $"mmap DUS (errno {LastErrno})");
            Dus = (byte*)_maps[^1].Address;
            Check(MapRaw(0, MmioSize) == 0, $"mmap MMIO (errno {LastErrno})");
            Mmio = (byte*)_maps[^1].Address;
        }

        public int Ioctl(uint request, void* argument)
        {
            int result = Native.ioctl(Fd, request, argument);
            LastErrno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return result;
        }

        public void SetContext(ushort qcType)
        {
            uint ctx = (uint)qcType << 16;
            Check(Ioctl(0xC004480A, &ctx) == 0, $"SET_QP_CTX (errno {LastErrno})");
            QueueId = (int)(ctx & 0xFFFF);
        }

        public (uint SqeSize, ushort SqDepth, ushort CqDepth) QpInfo()
        {
            byte* info = stackalloc byte[16];
            new Span<byte>(info, 16).Clear();
            Check(Ioctl(0xC010480B, info) == 0, $"SET_QP_INFO (errno {LastErrno})");
            return (*(uint*)info, *(ushort*)(info + 4), *(ushort*)(info + 6));
        }

        public void RingSq(int version, int tail)
        {
            ulong low = version == 1 ? (ulong)QueueId : (ulong)(QueueId & 0x3FF);
            ulong value = low | ((ulong)(ushort)tail << 32);
            Volatile.Write(ref *(ulong*)(Mmio + (version == 1 ? 0x340 : 0x1000)), value);
        }

        public void Dispose()
        {
            foreach ((nint address, nuint length) in _maps)
            {
                Native.munmap(address, length);
            }

            _maps.Clear();
            if (Fd >= 0)
            {
                Native.close(Fd);
                Fd = -1;
            }
        }
    }
}

/// <summary>libc for the low-level checks; blittable signatures only (the fork child must not allocate).</summary>
internal static unsafe class Native
{
    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;
    public const int F_GETFD = 1;
    public const int FD_CLOEXEC = 1;
    public const int ENOMEM = 12;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENXIO = 6;
    public const uint StartQ = 0x5700;
    public const uint PutQ = 0x5701;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int ioctl(int fd, nuint request, void* argument);

    [DllImport("libc", SetLastError = true)]
    public static extern nint mmap(nint address, nuint length, int prot, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    public static extern int munmap(nint address, nuint length);

    [DllImport("libc", SetLastError = true)]
    public static extern int mincore(nint address, nuint length, byte* vec);

    [DllImport("libc", SetLastError = true)]
    public static extern int poll(PollFd* fds, nuint count, int timeout);

    [DllImport("libc", SetLastError = true)]
    public static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    public static extern int fork();

    [DllImport("libc", SetLastError = true)]
    public static extern int waitpid(int pid, int* status, int options);

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);

    [DllImport("libc")]
    public static extern void _exit(int code);
}
