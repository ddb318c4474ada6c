using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using WarpZip.DeviceModel;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Hardware;

/// <summary>
/// Queue accounting and device generations on the model: queues are opened once per provider and
/// shared by every stream, closed when the model shuts down, and every QM generation and addressing
/// mode compresses correctly.
/// </summary>
public sealed class DeviceModelQueueTests
{
    private const int Chunk = TestData.Chunk;

    /// <summary>Chunks larger than one request (1 MiB slots) go as several requests of one device stream, whatever the framing.</summary>
    [Theory]
    [InlineData(WarpZipFraming.IndexedMembers, 7 * 1024 * 1024)]
    [InlineData(WarpZipFraming.SingleMember, 7 * 1024 * 1024)]
    [InlineData(WarpZipFraming.SingleMember, 2 * 1024 * 1024)] // one chunk: a whole stream in two requests
    public void ChunksLargerThanOneRequest_RunOnTheDevice_AsSeveralRequests(WarpZipFraming framing, int length)
    {
        using var model = new HisiZipDeviceModel();
        byte[] data = TestData.Create(DataKind.Text, length, seed: 45);
        WarpZipOptions options = ModelKit.Options(model) with { Framing = framing, ChunkSize = 3 * 1024 * 1024 };
        long before = model.CompletedRequests;
        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, options);

        ModelKit.AssertDecodes(data, compressed, indexed: framing == WarpZipFraming.IndexedMembers);
        Assert.Equal((length + options.ChunkSize - 1) / options.ChunkSize, stats.Chunks);
        Assert.Equal(stats.Chunks, stats.HardwareChunks);
        Assert.Empty(stats.FallbackReasons);
        Assert.Equal((length + (1024 * 1024) - 1) / (1024 * 1024), model.CompletedRequests - before);
    }

    [Fact]
    public void CloseQueues_HandsTheQueuesBack_AndTheNextStreamReopensThem()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QueueCount = 2 });
        byte[] data = TestData.Create(DataKind.Text, (2 * Chunk) + 300, seed: 42);
        (_, WarpZipStatistics first) = ModelKit.Compress(data, ModelKit.Options(model));
        Assert.Equal(3, first.HardwareChunks);
        Assert.Equal(2, model.OpenQueues);

        model.CloseQueues();
        Assert.Equal(0, model.OpenQueues);

        (byte[] compressed, WarpZipStatistics again) = ModelKit.Compress(data, ModelKit.Options(model));
        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(3, again.HardwareChunks);
        Assert.Equal(2, model.OpenQueues);
    }

    [Theory]
    [InlineData(WarpZipFraming.IndexedMembers)]
    [InlineData(WarpZipFraming.SingleMember)]
    public void CloseQueues_MidStream_TheRestRunsInSoftware_OutputExact(WarpZipFraming framing)
    {
        using var model = new HisiZipDeviceModel();
        byte[] data = TestData.Create(DataKind.Binary, (4 * Chunk) + 17, seed: 43);
        using var output = new MemoryStream();
        var stream = new WarpGZipStream(output, CompressionLevel.Optimal, ModelKit.Options(model, degreeOfParallelism: 1) with { Framing = framing }, leaveOpen: true);
        stream.Write(data.AsSpan(0, 2 * Chunk));
        stream.Flush(); // both chunks are done on the device before the queues go away
        model.CloseQueues();
        stream.Write(data.AsSpan(2 * Chunk));
        stream.Dispose();

        ModelKit.AssertDecodes(data, output.ToArray(), indexed: framing == WarpZipFraming.IndexedMembers);
        Assert.Equal(2, stream.Statistics.HardwareChunks);
        Assert.Equal(3, stream.Statistics.FallbackChunks);
        Assert.Equal([WarpZipFallbackReason.QueueStopped], stream.Statistics.FallbackReasons);
    }

    [Fact]
    public void SetAsideEngine_IsReopenedAfterTheRetryInterval()
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1);
        byte[] data = TestData.Create(DataKind.Text, (2 * Chunk) + 5, seed: 44);
        model.InjectFault(DeviceFault.Stall);
        (_, WarpZipStatistics stalled) = ModelKit.Compress(data, options with { HardwareTimeout = TimeSpan.FromMilliseconds(200) });
        Assert.Contains(WarpZipFallbackReason.Timeout, stalled.FallbackReasons);

        (_, WarpZipStatistics aside) = ModelKit.Compress(data, options);
        Assert.Equal(0, aside.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.Timeout, aside.FallbackReasons);

        model.SetAsideRetry = TimeSpan.Zero;
        (byte[] compressed, WarpZipStatistics reopened) = ModelKit.Compress(data, options);
        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(3, reopened.HardwareChunks);
        Assert.Empty(reopened.FallbackReasons);
    }

    [Fact]
    public void QueueCountTwo_ManyStreams_ShareTheQueuesOpenedOnce()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QueueCount = 2 });
        Assert.Equal(0, model.OpenQueues);
        byte[] data = TestData.Create(DataKind.Text, (2 * Chunk) + 300, seed: 41);

        for (int i = 0; i < 6; i++)
        {
            (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model));
            ModelKit.AssertDecodes(data, compressed);
            Assert.Equal(3, stats.HardwareChunks);
            Assert.Empty(stats.FallbackReasons);

            // One compression and one decompression queue, opened by the first stream and kept.
            Assert.Equal(2, model.OpenQueues);
        }

        // Streams open at the same time share them too.
        var streams = Enumerable.Range(0, 4).Select(_ => new MemoryStream()).ToArray();
        var writers = streams.Select(s => new WarpGZipStream(s, CompressionLevel.Optimal, ModelKit.Options(model), leaveOpen: true)).ToArray();
        foreach (WarpGZipStream writer in writers)
        {
            writer.Write(data);
        }

        Assert.Equal(2, model.OpenQueues);
        foreach (WarpGZipStream writer in writers)
        {
            writer.Dispose();

            // Four streams with chunks in flight can fill the queue's request slots; a chunk that finds
            // none runs in software, for that reason only.
            WarpZipStatistics stats = writer.Statistics;
            Assert.Equal(3, stats.HardwareChunks + stats.FallbackChunks);
            Assert.True(stats.HardwareChunks >= 1);
            Assert.All(stats.FallbackReasons, reason => Assert.Equal(WarpZipFallbackReason.NoFreeQueue, reason));
        }

        foreach (MemoryStream stream in streams)
        {
            ModelKit.AssertDecodes(data, stream.ToArray());
        }

        Assert.Equal(2, model.OpenQueues);
    }

    [Fact]
    public void ModelDispose_ClosesEveryQueue_AndLaterStreamsFallBack()
    {
        var model = new HisiZipDeviceModel();
        byte[] data = TestData.Create(DataKind.Binary, Chunk + 10, seed: 42);
        (_, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model));
        Assert.Equal(2, stats.HardwareChunks);
        Assert.Equal(2, model.OpenQueues);
        Assert.True(Directory.Exists(model.SysfsDirectory));

        model.Dispose();

        Assert.Equal(0, model.OpenQueues);
        Assert.False(Directory.Exists(model.SysfsDirectory));
        model.Dispose(); // twice is harmless

        // Options that still name the closed model: software, correct output, no device.
        (byte[] compressed, WarpZipStatistics after) = ModelKit.Compress(data, ModelKit.Options(model));
        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(0, after.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.NoDevice, after.FallbackReasons);
        Assert.Equal(0, model.OpenQueues);
    }

    [Fact]
    public void QueueCountOne_StillCompressesCorrectly_AndLeaksNoQueue()
    {
        // The engine opens a compression and a decompression queue per device; with one queue free it
        // cannot bring the pair up. Whatever it decides, the output is right and no queue stays open.
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QueueCount = 1 });
        byte[] data = TestData.Create(DataKind.Text, (2 * Chunk) + 1, seed: 43);

        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model));

        ModelKit.AssertDecodes(data, compressed);
        if (stats.HardwareChunks == 0)
        {
            Assert.Contains(WarpZipFallbackReason.NoFreeQueue, stats.FallbackReasons);
            Assert.Equal(0, model.OpenQueues);
        }
        else
        {
            Assert.Equal(stats.Chunks, stats.HardwareChunks + stats.FallbackChunks);
            Assert.Equal(1, model.OpenQueues);
        }
    }

    [Fact]
    public void QueuesTakenByOthers_AvailableInstancesZero_FallsBackWithNoFreeQueue()
    {
        // A second model over the same device would be another process; here one stream's engine
        // holds both queues of a two-queue device, and a second provider over the same sysfs sees none free.
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QueueCount = 2 });
        byte[] data = TestData.Create(DataKind.Text, 5000, seed: 44);
        (_, WarpZipStatistics first) = ModelKit.Compress(data, ModelKit.Options(model));
        Assert.Equal(1, first.HardwareChunks);
        Assert.Equal("0", File.ReadAllText(Path.Combine(model.SysfsDirectory, model.Options.DeviceName, "available_instances")).Trim());

        var elsewhere = WarpZipDeviceProvider.LinuxAt(model.SysfsDirectory, model.SysfsDirectory);
        (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model) with { Devices = elsewhere });
        ModelKit.AssertDecodes(data, compressed);
        Assert.Equal(0, stats.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.NoFreeQueue, stats.FallbackReasons);
    }

    public static TheoryData<int, bool> Generations() => new()
    {
        { 1, true },
        { 2, true },
        { 3, true },
        { 1, false },
        { 2, false },
        { 3, false },
    };

    [Theory]
    [MemberData(nameof(Generations))]
    public void EveryQmVersion_AndAddressingMode_RoundTripsIndexedGzip(int qmVersion, bool sva)
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = qmVersion, Sva = sva });
        foreach (DataKind kind in new[] { DataKind.Text, DataKind.Random, DataKind.Zeros })
        {
            byte[] data = TestData.Create(kind, (3 * Chunk) + 777, seed: 45);
            foreach (int dop in new[] { 1, 4 })
            {
                (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model, dop));
                ModelKit.AssertDecodes(data, compressed);
                Assert.True(stats.HardwareChunks == 4, $"{kind}, DegreeOfParallelism {dop}: {stats.HardwareChunks} of 4 chunks on the device ({string.Join(", ", stats.FallbackReasons)})");
                Assert.Contains($"hisi_qm_v{qmVersion}", stats.Engine, StringComparison.Ordinal);
            }
        }

        // A one-chunk zlib stream is one whole-stream request on every generation too.
        byte[] small = TestData.Create(DataKind.Text, 20_000, seed: 46);
        using var output = new MemoryStream();
        var zlib = new WarpZLibStream(output, CompressionLevel.Optimal, new WarpZipOptions { Devices = model }, leaveOpen: true);
        zlib.Write(small);
        zlib.Dispose();
        Assert.Equal(1, zlib.Statistics.HardwareChunks);
        Bytes.Equal(small, Bytes.ReadAll(new ZLibStream(new MemoryStream(output.ToArray()), CompressionMode.Decompress)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40_000)]
    [InlineData(Chunk)]
    public void QmVersion3_RawDeflate_OneChunk_RunsOnTheDevice(int size)
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = 3 });
        byte[] data = TestData.Create(DataKind.Text, size, seed: 47);
        (byte[] output, WarpZipStatistics statistics) = CompressDeflate(new WarpZipOptions { Devices = model, ChunkSize = Chunk }, data);

        Assert.Equal(1, statistics.HardwareChunks);
        Assert.Equal(0, statistics.FallbackChunks);
        Assert.True(model.CompletedRequests >= 1);
        Bytes.Equal(data, Bytes.ReadAll(new DeflateStream(new MemoryStream(output), CompressionMode.Decompress)));
        Bytes.Equal(data, Bytes.ReadAll(new WarpDeflateStream(new MemoryStream(output), CompressionMode.Decompress)));
    }

    [Fact]
    public void RawDeflate_BeforeQmVersion3_RunsInSoftware_WithLevelPolicy()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = 2 });
        byte[] data = TestData.Create(DataKind.Text, 40_000, seed: 48);
        (byte[] output, WarpZipStatistics statistics) = CompressDeflate(new WarpZipOptions { Devices = model }, data);

        Assert.Equal(0, statistics.HardwareChunks);
        Assert.Contains(WarpZipFallbackReason.LevelPolicy, statistics.FallbackReasons);
        Bytes.Equal(data, Bytes.ReadAll(new DeflateStream(new MemoryStream(output), CompressionMode.Decompress)));
        Assert.Throws<WarpZipDeviceException>(() =>
            new WarpDeflateStream(new MemoryStream(), CompressionLevel.Optimal, new WarpZipOptions { Devices = model, Backend = WarpZipBackend.Hardware }));
    }

    [Fact]
    public void RawDeflate_MultiChunk_OnQmVersion3_IsOneDeviceStream()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = 3 });
        byte[] data = TestData.Create(DataKind.Binary, (2 * Chunk) + 9, seed: 49);
        (byte[] output, WarpZipStatistics statistics) = CompressDeflate(new WarpZipOptions { Devices = model, ChunkSize = Chunk }, data);

        Assert.Equal(3, statistics.HardwareChunks);
        Assert.Equal(0, statistics.FallbackChunks);
        Bytes.Equal(data, Bytes.ReadAll(new DeflateStream(new MemoryStream(output), CompressionMode.Decompress)));
    }

    /// <summary>Compresses <paramref name="data"/> with a <see cref="WarpDeflateStream"/> in one write; returns the bytes and the statistics after Dispose.</summary>
    private static (byte[] Output, WarpZipStatistics Statistics) CompressDeflate(WarpZipOptions options, byte[] data)
    {
        using var output = new MemoryStream();
        var stream = new WarpDeflateStream(output, CompressionLevel.Optimal, options, leaveOpen: true);
        stream.Write(data);
        stream.Dispose();
        return (output.ToArray(), stream.Statistics);
    }

    [Fact]
    public async Task SixteenConcurrentStreams_ShareOneModel_AndAllRoundTrip()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QueueCount = 4 });
        Task<(byte[] Data, byte[] Output, WarpZipStatistics Statistics)>[] tasks = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            DataKind kind = (DataKind)(i % 4);
            byte[] data = TestData.Create(kind, ((i % 5) * Chunk) + (i * 1013) + 1, seed: 50 + i);
            WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1 + (i % 3));
            (byte[] output, WarpZipStatistics stats) = await ModelKit.CompressAsync(data, options, useAsync: i % 2 == 0);
            return (data, output, stats);
        })).ToArray();

        var results = await Task.WhenAll(tasks);

        long onDevice = 0;
        foreach ((byte[] data, byte[] output, WarpZipStatistics stats) in results)
        {
            ModelKit.AssertDecodes(data, output);
            Assert.Equal(stats.Chunks, stats.HardwareChunks + stats.FallbackChunks);

            // The only acceptable reason to miss the device here: all its request slots were busy.
            Assert.All(stats.FallbackReasons, reason => Assert.Equal(WarpZipFallbackReason.NoFreeQueue, reason));
            onDevice += stats.HardwareChunks;
        }

        Assert.True(onDevice > 0, "no chunk of 16 streams ran on the device");
        Assert.Equal(2, model.OpenQueues);

        // Busy slots never set the engine aside.
        byte[] after = TestData.Create(DataKind.Text, (2 * Chunk) + 5, seed: 70);
        (_, WarpZipStatistics last) = ModelKit.Compress(after, ModelKit.Options(model));
        Assert.Equal(3, last.HardwareChunks);
    }

    /// <summary>
    /// A queue carries 16 stream contexts. Twenty single-member streams open at once: the first sixteen
    /// keep their device streams; the other four find no context and run in software (NoFreeQueue)
    /// until contexts come back, which they do when their streams end.
    /// </summary>
    [Fact]
    public void StreamContexts_Exhausted_LaterStreamsRunInSoftware_AndContextsComeBack()
    {
        using var model = new HisiZipDeviceModel();
        WarpZipOptions options = ModelKit.Options(model, degreeOfParallelism: 1) with { Framing = WarpZipFraming.SingleMember };
        byte[][] data = Enumerable.Range(0, 20).Select(i => TestData.Create(DataKind.Text, (2 * Chunk) + 1, seed: 90 + i)).ToArray();
        MemoryStream[] outputs = data.Select(_ => new MemoryStream()).ToArray();
        WarpGZipStream[] streams = outputs.Select(o => new WarpGZipStream(o, CompressionLevel.Optimal, options, leaveOpen: true)).ToArray();
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i].Write(data[i]); // two pieces out; the stream holds its context until it finishes
        }

        foreach (WarpGZipStream stream in streams)
        {
            stream.Dispose();
        }

        for (int i = 0; i < streams.Length; i++)
        {
            ModelKit.AssertDecodes(data[i], outputs[i].ToArray(), indexed: false);
            WarpZipStatistics stats = streams[i].Statistics;
            if (i < 16)
            {
                Assert.Equal(3, stats.HardwareChunks);
                Assert.Empty(stats.FallbackReasons);
            }
            else
            {
                // Its first two pieces found no context; its last one, dispatched at Dispose after the
                // first sixteen streams had ended, found a free one and ran as a device stream of its own.
                Assert.Equal(2, stats.FallbackChunks);
                Assert.Equal(1, stats.HardwareChunks);
                Assert.Equal([WarpZipFallbackReason.NoFreeQueue], stats.FallbackReasons);
            }
        }

        // All sixteen contexts are free again.
        for (int i = 0; i < 16; i++)
        {
            streams[i] = new WarpGZipStream(outputs[i], CompressionLevel.Optimal, options, leaveOpen: true);
            streams[i].Write(data[i]);
        }

        foreach (WarpGZipStream stream in streams.Take(16))
        {
            stream.Dispose();
            Assert.Equal(3, stream.Statistics.HardwareChunks);
        }
    }

    [Fact]
    public void SmallestSize_GoesToSoftware_UnlessAllowedOnHardware()
    {
        using var model = new HisiZipDeviceModel();
        byte[] data = TestData.Create(DataKind.Text, (2 * Chunk) + 3, seed: 51);

        WarpZipStatistics Run(WarpZipOptions options)
        {
            using var output = new MemoryStream();
            var stream = new WarpGZipStream(output, CompressionLevel.SmallestSize, options, leaveOpen: true);
            stream.Write(data);
            stream.Dispose();
            ModelKit.AssertDecodes(data, output.ToArray());
            return stream.Statistics;
        }

        WarpZipStatistics policy = Run(ModelKit.Options(model));
        Assert.Equal(0, policy.HardwareChunks);
        Assert.Equal([WarpZipFallbackReason.LevelPolicy], policy.FallbackReasons);
        Assert.Equal(0, model.CompletedRequests);

        Assert.Equal(3, Run(ModelKit.Options(model) with { SmallestSizeOnHardware = true }).HardwareChunks);
        Assert.Equal(3, Run(ModelKit.Options(model) with { Backend = WarpZipBackend.Hardware }).HardwareChunks);
    }

    [Fact]
    public void Decompression_OfIndexedMembers_RunsOnTheModel_AndSequentialStreamsInSoftware()
    {
        using var model = new HisiZipDeviceModel();
        byte[] data = TestData.Create(DataKind.Text, (3 * Chunk) + 17, seed: 52);
        (byte[] compressed, _) = ModelKit.Compress(data, ModelKit.Options(model));

        foreach (WarpZipBackend backend in new[] { WarpZipBackend.Auto, WarpZipBackend.Hardware })
        {
            long completed = model.CompletedRequests;
            var options = new WarpZipOptions { Devices = model, Backend = backend, DegreeOfParallelism = 2, StrictValidation = true };
            using var reader = new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, options);
            Bytes.Equal(data, Bytes.ReadAll(reader));
            Assert.Equal(4, reader.Statistics.HardwareChunks);
            Assert.Equal(completed + 4, model.CompletedRequests);
        }

        // With one degree of parallelism there is no member-parallel path: everything stays in software.
        long before = model.CompletedRequests;
        var sequential = new WarpZipOptions { Devices = model, DegreeOfParallelism = 1 };
        using (var reader = new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, sequential))
        {
            Bytes.Equal(data, Bytes.ReadAll(reader));
            Assert.Equal(0, reader.Statistics.HardwareChunks);
        }

        Assert.Equal(before, model.CompletedRequests);
    }

    [Fact]
    public void ModelWithLatency_AndZeroWorkModel_StillRoundTrip()
    {
        byte[] data = TestData.Create(DataKind.Binary, (3 * Chunk) + 5, seed: 53);
        foreach (var modelOptions in new[]
        {
            new DeviceModelOptions { RequestLatency = TimeSpan.FromMilliseconds(20) },
            new DeviceModelOptions { ZeroWork = true, DeviceName = "hisi_zip-7" },
        })
        {
            using var model = new HisiZipDeviceModel(modelOptions);
            (byte[] compressed, WarpZipStatistics stats) = ModelKit.Compress(data, ModelKit.Options(model));
            ModelKit.AssertDecodes(data, compressed);
            Assert.Equal(4, stats.HardwareChunks);
            Assert.Contains(modelOptions.DeviceName, stats.Engine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ModelOptions_RejectUnknownQmVersion()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = 0 }));
        using var model = new HisiZipDeviceModel();
        Assert.True(model.IsDeviceModel);
        Assert.False(WarpZipDeviceProvider.Linux.IsDeviceModel);
    }
}
