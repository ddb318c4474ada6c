using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using WarpZip.DeviceModel;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Hardware;

/// <summary>Where in a stream the faulted device request lies.</summary>
public enum FaultPosition
{
    /// <summary>The first of five chunks (indexed members, or pieces of one device stream).</summary>
    FirstChunk,

    /// <summary>The third of five chunks.</summary>
    MiddleChunk,

    /// <summary>The fifth (last, partial) chunk: for a device stream, the FINISH request.</summary>
    LastChunk,

    /// <summary>A stream of one chunk, compressed by one whole-stream request.</summary>
    WholeStream,
}

/// <summary>
/// Every fault the device model can inject, at several points of a stream: the output must still
/// decode to exactly the input (the failed request is redone in software), and the statistics must say
/// what happened. Each test uses a fresh model: a timeout or a stopped queue sets the engine aside for
/// the provider, which would taint later tests.
/// </summary>
public sealed class FaultInjectionTests
{
    private const int Chunk = TestData.Chunk;

    /// <summary>Five chunks: four full, the last 1000 bytes.</summary>
    private static readonly int MultiChunkLength = (4 * Chunk) + 1000;

    private static readonly TimeSpan StallTimeout = TimeSpan.FromMilliseconds(300);

    public static TheoryData<DeviceFault, FaultPosition, int, bool> FaultCases() => Cases(includeWholeStream: true);

    public static TheoryData<DeviceFault, FaultPosition, int, bool> StreamModeFaultCases() => Cases(includeWholeStream: false);

    private static TheoryData<DeviceFault, FaultPosition, int, bool> Cases(bool includeWholeStream)
    {
        var data = new TheoryData<DeviceFault, FaultPosition, int, bool>();
        foreach (DeviceFault fault in Enum.GetValues<DeviceFault>())
        {
            if (fault == DeviceFault.None)
            {
                continue;
            }

            foreach (FaultPosition position in Enum.GetValues<FaultPosition>())
            {
                if (position == FaultPosition.WholeStream && !includeWholeStream)
                {
                    continue;
                }

                data.Add(fault, position, 1, false); // caller's thread, synchronous calls
                data.Add(fault, position, 2, true); // requests overlap, asynchronous calls
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FaultCases))]
    public Task Fault_IsRedoneInSoftware_OutputExact_AndReported(DeviceFault fault, FaultPosition position, int degreeOfParallelism, bool useAsync) =>
        RunFaultCase(WarpZipFraming.IndexedMembers, fault, position, degreeOfParallelism, useAsync);

    /// <summary>
    /// The same faults in a single-member stream, where the chunks are pieces of one stateful device
    /// stream: the failed piece is redone in software from its 32 KiB window and the next piece starts
    /// a new device stream, so the output stays one gzip member.
    /// </summary>
    [Theory]
    [MemberData(nameof(StreamModeFaultCases))]
    public Task StreamModeFault_IsRedoneInSoftware_OutputOneExactMember_AndReported(DeviceFault fault, FaultPosition position, int degreeOfParallelism, bool useAsync) =>
        RunFaultCase(WarpZipFraming.SingleMember, fault, position, degreeOfParallelism, useAsync);

    private static async Task RunFaultCase(WarpZipFraming framing, DeviceFault fault, FaultPosition position, int degreeOfParallelism, bool useAsync)
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism) with { HardwareTimeout = StallTimeout, Framing = framing };
        bool indexed = framing == WarpZipFraming.IndexedMembers;
        bool whole = position == FaultPosition.WholeStream;
        byte[] data = TestData.Create(DataKind.Text, whole ? 40_000 : MultiChunkLength, seed: 21);
        int chunks = whole ? 1 : 5;
        model.InjectFault(fault, afterRequests: RequestIndex(position));

        (byte[] compressed, WarpZipStatistics stats) = await ModelKit.CompressAsync(data, options, useAsync);

        ModelKit.AssertDecodes(data, compressed, indexed);
        if (indexed)
        {
            Assert.Equal(chunks, GZipMembers.ParseIndexed(compressed).Count);
        }
        else
        {
            GZipMembers.AssertSingleMember(compressed);
        }

        Assert.Equal(chunks, stats.Chunks);
        Assert.Equal(chunks, stats.HardwareChunks + stats.FallbackChunks);
        Assert.Contains(model.Description, stats.Engine, StringComparison.Ordinal);

        WarpZipFallbackReason expected = ExpectedReason(fault);
        if (fault == DeviceFault.TxStop)
        {
            // The TX-stop word is read when the next request is submitted; the request that saw the
            // stop being set completed normally. So the stop shows in this stream only if a later
            // request followed it (always with one request at a time), and otherwise in the next stream.
            bool laterRequestFollows = position is FaultPosition.FirstChunk or FaultPosition.MiddleChunk;
            if (degreeOfParallelism == 1 && laterRequestFollows)
            {
                Assert.True(stats.FallbackChunks >= 1, $"no chunk fell back: {Describe(stats)}");
            }

            if (stats.FallbackChunks > 0)
            {
                Assert.Contains(expected, stats.FallbackReasons);
            }
        }
        else
        {
            Assert.True(stats.FallbackChunks >= 1, $"no chunk fell back: {Describe(stats)}");
            Assert.Contains(expected, stats.FallbackReasons);

            Assert.All(stats.FallbackReasons, reason => Assert.Equal(expected, reason));
        }

        if (IsOneOff(fault))
        {
            // One failed request: redone in software, every other chunk still on the device.
            Assert.Equal(1, stats.FallbackChunks);
            Assert.Equal(chunks - 1, stats.HardwareChunks);
        }

        // What the fault leaves behind for the next stream on the same model.
        (byte[] again, WarpZipStatistics next) = await ModelKit.CompressAsync(data, options, useAsync);
        ModelKit.AssertDecodes(data, again, indexed);
        if (IsOneOff(fault))
        {
            Assert.Equal(chunks, next.HardwareChunks);
            Assert.Empty(next.FallbackReasons);
        }
        else
        {
            // A timeout, a stopped queue or a protocol violation sets the engine aside.
            Assert.Equal(0, next.HardwareChunks);
            Assert.Contains(expected, next.FallbackReasons);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StalledDevice_NeverHoldsWriteOrDispose_FarPastTheTimeout(bool useAsync)
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 2) with { HardwareTimeout = StallTimeout };
        byte[] data = TestData.Create(DataKind.Binary, MultiChunkLength, seed: 22);
        model.InjectFault(DeviceFault.Stall);

        // An upper bound only (ten timeouts), far beyond the work itself: this is not a speed test.
        TimeSpan bound = 10 * StallTimeout;
        using var output = new MemoryStream();
        var total = Stopwatch.StartNew();
        var stream = new WarpGZipStream(output, CompressionLevel.Optimal, options, leaveOpen: true);
        for (int offset = 0; offset < data.Length; offset += Chunk)
        {
            int count = Math.Min(Chunk, data.Length - offset);
            var call = Stopwatch.StartNew();
            if (useAsync)
            {
                await stream.WriteAsync(data.AsMemory(offset, count));
            }
            else
            {
                stream.Write(data, offset, count);
            }

            Assert.True(call.Elapsed < bound, $"a write at {offset} took {call.Elapsed.TotalMilliseconds:F0} ms");
        }

        var dispose = Stopwatch.StartNew();
        if (useAsync)
        {
            await stream.DisposeAsync();
        }
        else
        {
            stream.Dispose();
        }

        Assert.True(dispose.Elapsed < bound, $"Dispose took {dispose.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(total.Elapsed < 2 * bound, $"the stream took {total.Elapsed.TotalMilliseconds:F0} ms in all");
        ModelKit.AssertDecodes(data, output.ToArray());
        Assert.Contains(WarpZipFallbackReason.Timeout, stream.Statistics.FallbackReasons);
        Assert.True(stream.Statistics.FallbackChunks >= 1);
    }

    [Fact]
    public void StalledWholeStream_DisposeReturnsSoonAfterTheTimeout()
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model) with { HardwareTimeout = StallTimeout, Framing = WarpZipFraming.SingleMember };
        byte[] data = TestData.Create(DataKind.Text, 30_000, seed: 23);
        model.InjectFault(DeviceFault.Stall);

        using var output = new MemoryStream();
        var stream = new WarpZLibStream(output, CompressionLevel.Optimal, options, leaveOpen: true);
        stream.Write(data);
        var dispose = Stopwatch.StartNew();
        stream.Dispose();

        Assert.True(dispose.Elapsed < 10 * StallTimeout, $"Dispose took {dispose.Elapsed.TotalMilliseconds:F0} ms");
        Bytes.Equal(data, Bytes.ReadAll(new ZLibStream(new MemoryStream(output.ToArray()), CompressionMode.Decompress)));
        Assert.Equal(1, stream.Statistics.FallbackChunks);
        Assert.Equal([WarpZipFallbackReason.Timeout], stream.Statistics.FallbackReasons);
    }

    [Fact]
    public void ThreeConsecutiveFailures_SetTheEngineAside()
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1);
        byte[] data = TestData.Create(DataKind.Text, MultiChunkLength, seed: 24);
        model.InjectFault(DeviceFault.ErrorStatus);
        model.InjectFault(DeviceFault.ChecksumError);
        model.InjectFault(DeviceFault.OutputTooSmall);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);
        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(0, stats.HardwareChunks);
        Assert.Equal(5, stats.FallbackChunks);
        Assert.Equal([WarpZipFallbackReason.DeviceErrorStatus], stats.FallbackReasons);

        // The model is healthy again, but the engine stays aside for this provider.
        long completed = model.CompletedRequests;
        (_, WarpZipStatistics next) = ModelKit.Compress(data, options);
        Assert.Equal(0, next.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.DeviceErrorStatus, next.FallbackReasons);
        Assert.Equal(completed, model.CompletedRequests);
    }

    [Fact]
    public void TwoFailures_ThenSuccess_KeepTheDevice()
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1);
        byte[] data = TestData.Create(DataKind.Text, MultiChunkLength, seed: 25);
        model.InjectFault(DeviceFault.ErrorStatus);
        model.InjectFault(DeviceFault.ErrorStatus);
        model.InjectFault(DeviceFault.ErrorStatus, afterRequests: 1);
        model.InjectFault(DeviceFault.ErrorStatus);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);
        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(4, stats.FallbackChunks);
        Assert.Equal(1, stats.HardwareChunks);

        (_, WarpZipStatistics next) = ModelKit.Compress(data, options);
        Assert.Equal(5, next.HardwareChunks);
    }

    [Fact]
    public void CorruptOutput_WithoutVerification_OnlyTheTrailerIsChecked_AndDecodersRejectIt()
    {
        // VerifyHardwareOutput = false is the documented trade-off: a body the device corrupted behind a
        // correct trailer is written as is. The gzip CRC-32 still makes every decoder reject it.
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1) with { VerifyHardwareOutput = false };
        byte[] data = TestData.Create(DataKind.Text, MultiChunkLength, seed: 26);
        model.InjectFault(DeviceFault.CorruptOutput, afterRequests: 2);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);

        Assert.Equal(5, stats.HardwareChunks);
        Assert.Equal(0, stats.FallbackChunks);
        Assert.ThrowsAny<InvalidDataException>(() => Bytes.ReadAll(new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)));
        Assert.ThrowsAny<InvalidDataException>(() => Bytes.ReadAll(
            new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, new WarpZipOptions { StrictValidation = true })));
    }

    [Fact]
    public void RefuseOpens_BeforeFirstUse_FallsBackWithNoFreeQueue()
    {
        using var model = new HisiZipDeviceModel { RefuseOpens = true };
        byte[] data = TestData.Create(DataKind.Text, MultiChunkLength, seed: 27);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model));

        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(0, stats.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.NoFreeQueue, stats.FallbackReasons);
        Assert.Equal(0, model.CompletedRequests);
        Assert.Equal(0, model.OpenQueues);
    }

    [Fact]
    public void IsolatedDevice_BeforeFirstUse_FallsBackWithDeviceIsolated()
    {
        using var model = new HisiZipDeviceModel();
        model.Isolate();
        byte[] data = TestData.Create(DataKind.Binary, MultiChunkLength, seed: 28);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model));

        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(0, stats.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.DeviceIsolated, stats.FallbackReasons);
        Assert.Equal(0, model.CompletedRequests);
        Assert.Equal(0, model.OpenQueues);
    }

    [Fact]
    public void HardwareBackend_WithRefusedOpens_ThrowsDeviceException_AtConstruction()
    {
        using var model = new HisiZipDeviceModel { RefuseOpens = true };
        WarpZipOptions options = ModelKit.Options(model) with { Backend = WarpZipBackend.Hardware };

        var compress = Assert.Throws<WarpZipDeviceException>(() => new WarpGZipStream(new MemoryStream(), CompressionLevel.Optimal, options));
        Assert.Contains(nameof(WarpZipFallbackReason.NoFreeQueue), compress.Message, StringComparison.Ordinal);
        Assert.Throws<WarpZipDeviceException>(() => new WarpZLibStream(new MemoryStream(), CompressionMode.Compress, options with { Framing = WarpZipFraming.SingleMember }));
        Assert.Throws<WarpZipDeviceException>(() => new WarpGZipStream(new MemoryStream(), new ZLibCompressionOptions(), options));
        Assert.Throws<WarpZipDeviceException>(() => new WarpGZipStream(new MemoryStream(), CompressionMode.Decompress, options));
        Assert.Equal(0, model.OpenQueues);
    }

    [Fact]
    public void HardwareBackend_WithIsolatedDevice_ThrowsDeviceException_AtConstruction()
    {
        using var model = new HisiZipDeviceModel();
        model.Isolate();
        WarpZipOptions options = ModelKit.Options(model) with { Backend = WarpZipBackend.Hardware };

        var error = Assert.Throws<WarpZipDeviceException>(() => new WarpGZipStream(new MemoryStream(), CompressionLevel.Fastest, options));
        Assert.Contains(nameof(WarpZipFallbackReason.DeviceIsolated), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HardwareBackend_AfterTheEngineWasSetAside_ThrowsDeviceException()
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1) with { HardwareTimeout = StallTimeout };
        model.InjectFault(DeviceFault.Stall);
        (byte[] compressed, _) = ModelKit.Compress(TestData.Create(DataKind.Text, 1000), options);
        ModelKit.AssertDecodes(TestData.Create(DataKind.Text, 1000), compressed);

        var error = Assert.Throws<WarpZipDeviceException>(
            () => new WarpGZipStream(new MemoryStream(), CompressionLevel.Optimal, options with { Backend = WarpZipBackend.Hardware }));
        Assert.Contains(nameof(WarpZipFallbackReason.Timeout), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoBackend_WithTheLinuxProvider_AndNoUacce_RunsInSoftware_WithNoDevice()
    {
        if (Directory.Exists("/sys/class/uacce"))
        {
            return; // a machine with uacce devices may really offload: nothing to check here (xunit 2 has no dynamic skip)
        }

        byte[] data = TestData.Create(DataKind.Text, MultiChunkLength, seed: 29);
        var options = new WarpZipOptions { ChunkSize = Chunk, Framing = WarpZipFraming.IndexedMembers };
        Assert.Same(WarpZipDeviceProvider.Linux, options.Devices);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);

        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(0, stats.HardwareChunks);
        Assert.Equal(0, stats.FallbackChunks);
        Assert.Contains(WarpZipFallbackReason.NoDevice, stats.FallbackReasons);
        Assert.DoesNotContain("hisi", stats.Engine, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AutoBackend_WithAnEmptySysfsDirectory_RunsInSoftware_WithNoDevice()
    {
        string root = Path.Combine(Path.GetTempPath(), "warpzip-empty-uacce-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var options = new WarpZipOptions { Devices = WarpZipDeviceProvider.LinuxAt(root, root) };
            byte[] data = TestData.Create(DataKind.Text, 5000);
            (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);
            ModelKit.AssertDecodes(data, compressed, indexed: false);
            Assert.Equal([WarpZipFallbackReason.NoDevice], stats.FallbackReasons);
            Assert.Throws<WarpZipDeviceException>(() => new WarpGZipStream(new MemoryStream(), CompressionLevel.Optimal, options with { Backend = WarpZipBackend.Hardware }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AutoBackend_NeverUsesAModel_ThatWasNotPassedIn()
    {
        using var model = new HisiZipDeviceModel();
        byte[] data = TestData.Create(DataKind.Text, MultiChunkLength, seed: 30);
        foreach (WarpZipOptions options in new[]
        {
            new WarpZipOptions(),
            new WarpZipOptions { ChunkSize = Chunk, Framing = WarpZipFraming.IndexedMembers },
            new WarpZipOptions { Backend = WarpZipBackend.Auto, ChunkSize = Chunk, DegreeOfParallelism = 1 },
        })
        {
            (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);
            ModelKit.AssertDecodes(data, compressed, indexed: options.Framing == WarpZipFraming.IndexedMembers);
            Assert.Equal(0, stats.HardwareChunks);
            Assert.DoesNotContain("model", stats.Engine, StringComparison.OrdinalIgnoreCase);
        }

        using (var plain = new WarpGZipStream(new MemoryStream(), CompressionLevel.Optimal))
        {
            plain.Write(data);
        }

        Assert.Equal(0, model.CompletedRequests);
        Assert.Equal(0, model.OpenQueues);
    }

    private static int RequestIndex(FaultPosition position) => position switch
    {
        FaultPosition.FirstChunk => 0,
        FaultPosition.MiddleChunk => 2,
        FaultPosition.LastChunk => 4,
        _ => 0,
    };

    private static WarpZipFallbackReason ExpectedReason(DeviceFault fault) => fault switch
    {
        DeviceFault.Stall => WarpZipFallbackReason.Timeout,
        DeviceFault.TxStop or DeviceFault.RxStop => WarpZipFallbackReason.QueueStopped,
        _ => WarpZipFallbackReason.DeviceErrorStatus,
    };

    /// <summary>Faults that fail one request and leave the device in use (the others set the engine aside).</summary>
    private static bool IsOneOff(DeviceFault fault) =>
        fault is DeviceFault.ErrorStatus or DeviceFault.OutputTooSmall or DeviceFault.ChecksumError or DeviceFault.CorruptOutput;

    private static string Describe(WarpZipStatistics stats) =>
        $"{stats.Chunks} chunks, {stats.HardwareChunks} on the device, {stats.FallbackChunks} fell back ({string.Join(", ", stats.FallbackReasons)})";
}

/// <summary>Shared steps of the device-model tests.</summary>
internal static class ModelKit
{
    /// <summary>Indexed-member gzip on <paramref name="model"/> with 64 KiB chunks.</summary>
    public static WarpZipOptions Options(HisiZipDeviceModel model, int degreeOfParallelism = 2) => new()
    {
        Devices = model,
        ChunkSize = TestData.Chunk,
        DegreeOfParallelism = degreeOfParallelism,
        Framing = WarpZipFraming.IndexedMembers,
    };

    /// <summary>Compresses <paramref name="data"/> with a <see cref="WarpGZipStream"/> in one write; returns the bytes and the statistics after dispose.</summary>
    public static (byte[] Output, WarpZipStatistics Statistics) Compress(byte[] data, WarpZipOptions options)
    {
        using var output = new MemoryStream();
        var stream = new WarpGZipStream(output, CompressionLevel.Optimal, options, leaveOpen: true);
        stream.Write(data);
        stream.Dispose();
        return (output.ToArray(), stream.Statistics);
    }

    /// <summary>As <see cref="Compress"/>, with WriteAsync and DisposeAsync when <paramref name="useAsync"/>.</summary>
    public static async Task<(byte[] Output, WarpZipStatistics Statistics)> CompressAsync(byte[] data, WarpZipOptions options, bool useAsync)
    {
        if (!useAsync)
        {
            return Compress(data, options);
        }

        using var output = new MemoryStream();
        var stream = new WarpGZipStream(output, CompressionLevel.Optimal, options, leaveOpen: true);
        await stream.WriteAsync(data);
        await stream.DisposeAsync();
        return (output.ToArray(), stream.Statistics);
    }

    /// <summary>Both GZipStream and WarpGZipStream (software, strict) decode <paramref name="compressed"/> to exactly <paramref name="data"/>.</summary>
    public static void AssertDecodes(byte[] data, byte[] compressed, bool indexed = true)
    {
        Bytes.Equal(data, Bytes.ReadAll(new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)), "GZipStream decoding");
        var software = new WarpZipOptions { Backend = WarpZipBackend.Software, StrictValidation = true, DegreeOfParallelism = 2 };
        Bytes.Equal(data, Bytes.ReadAll(new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, software)), "WarpGZipStream decoding");
        if (indexed)
        {
            Assert.NotEmpty(GZipMembers.ParseIndexed(compressed));
        }
    }
}

/// <summary>Runs alone, after the parallel tests, so the only completion thread alive is the test's own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IdleCpuTestGroup
{
    public const string Name = "Device model idle CPU";
}

/// <summary>
/// What a device failure leaves running. Not a speed test: a thread with nothing to do should sleep,
/// and the bound (half a core) is far above the near-zero CPU of a sleeping thread.
/// </summary>
[Collection(IdleCpuTestGroup.Name)]
public sealed class CompletionThreadIdleTests
{
    private const string CompletionThreadName = "WarpZip hisi_zi"; // "WarpZip hisi_zip completions", as Linux truncates it

    [Theory]
    [InlineData(DeviceFault.None)]
    [InlineData(DeviceFault.Stall)]
    [InlineData(DeviceFault.RxStop)]
    public void AfterTheStream_TheCompletionThreadSleeps(DeviceFault fault)
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return; // per-thread CPU times come from procfs
        }

        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1) with { HardwareTimeout = TimeSpan.FromMilliseconds(200) };
        model.InjectFault(fault);
        byte[] data = TestData.Create(DataKind.Text, 5000, seed: 80);
        (byte[] compressed, _) = ModelKit.Compress(data, options);
        ModelKit.AssertDecodes(data, compressed);
        System.Threading.Thread.Sleep(200); // let the completion thread settle into its idle state

        var before = CompletionThreadTicks();
        System.Threading.Thread.Sleep(1000);
        var after = CompletionThreadTicks();

        foreach ((string thread, long ticks) in after)
        {
            long used = ticks - (before.TryGetValue(thread, out long earlier) ? earlier : ticks);
            long milliseconds = used * 1000 / 100; // USER_HZ is 100 on Linux
            Assert.True(milliseconds < 500, $"after {fault}, completion thread {thread} used {milliseconds} ms of CPU in 1 s with nothing in flight");
        }
    }

    /// <summary>
    /// A request the device takes long to finish (1.5 s of modelled latency): after a short spin the
    /// completion thread arms the completion interrupt and sleeps in poll() instead of spinning for
    /// the whole wait. The bound (half a core over one second) is far above a sleeping thread's CPU.
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task WhileARequestIsSlow_TheCompletionThreadSleepsInPoll()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return;
        }

        using var model = new HisiZipDeviceModel(new DeviceModelOptions { RequestLatency = TimeSpan.FromMilliseconds(1500) });
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1) with { HardwareTimeout = TimeSpan.FromSeconds(30) };
        byte[] data = TestData.Create(DataKind.Text, 5000, seed: 81);
        System.Threading.Tasks.Task<(byte[] Output, WarpZipStatistics Statistics)> pending = System.Threading.Tasks.Task.Run(() => ModelKit.Compress(data, options));
        System.Threading.Thread.Sleep(250); // the request is out; the thread has spun and gone to sleep

        var before = CompletionThreadTicks();
        System.Threading.Thread.Sleep(1000);
        var after = CompletionThreadTicks();
        (byte[] compressed, WarpZipStatistics stats) = await pending;

        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(1, stats.HardwareChunks);
        Assert.True(model.CompletionInterruptsArmed > 0, "the driver never armed the completion interrupt");
        foreach ((string thread, long ticks) in after)
        {
            long used = ticks - (before.TryGetValue(thread, out long earlier) ? earlier : ticks);
            long milliseconds = used * 1000 / 100;
            Assert.True(milliseconds < 500, $"completion thread {thread} used {milliseconds} ms of CPU in 1 s waiting for one request");
        }
    }

    private static System.Collections.Generic.Dictionary<string, long> CompletionThreadTicks()
    {
        var ticks = new System.Collections.Generic.Dictionary<string, long>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != CompletionThreadName)
                {
                    continue;
                }

                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[task] = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) +
                    long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return ticks;
    }
}
