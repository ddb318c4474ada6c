using System;
using System.IO;
using System.IO.Compression;
using WarpZip.DeviceModel;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>
/// Every device fault at every request of a stream (not only first/middle/last, which
/// Hardware/FaultInjectionTests covers with statistics): the output is always exactly the input, no
/// queue stays open, and a stalled device holds the caller at most about its timeout. Decoders are
/// then run with the model in their options (decompression runs in software; the model must not change that).
/// </summary>
public sealed class DeviceFaultSweepTests
{
    private const int Chunks = 6;

    public static TheoryData<DeviceFault> Faults()
    {
        var data = new TheoryData<DeviceFault>();
        foreach (DeviceFault fault in Enum.GetValues<DeviceFault>())
        {
            if (fault != DeviceFault.None)
            {
                data.Add(fault);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Fault_AtEveryRequest_OutputExact_NoQueueLeft(DeviceFault fault)
    {
        byte[] data = TestData.Create(DataKind.Binary, (Chunks - 1) * TestData.Chunk + 777, seed: 71);
        TimeSpan timeout = TimeSpan.FromMilliseconds(250);
        for (int request = 0; request <= Chunks; request++)
        {
            var model = new HisiZipDeviceModel();
            var options = new WarpZipOptions
            {
                Devices = model,
                ChunkSize = TestData.Chunk,
                DegreeOfParallelism = 2,
                Framing = WarpZipFraming.IndexedMembers,
                HardwareTimeout = timeout,
            };
            model.InjectFault(fault, afterRequests: request);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var compressed = new MemoryStream();
            using (var gzip = new WarpGZipStream(compressed, CompressionLevel.Fastest, options, leaveOpen: true))
            {
                gzip.Write(data);
            }

            // A generous ceiling, not a speed check: one stall costs one timeout, never an unbounded wait.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{fault} at request {request}: the stream took {clock.Elapsed}");
            byte[] bytes = compressed.ToArray();
            Bytes.Equal(data, Bytes.ReadAll(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)), $"{fault} at request {request}, read by GZipStream");
            Bytes.Equal(data, Bytes.ReadAll(new WarpGZipStream(new MemoryStream(bytes), CompressionMode.Decompress, options)), $"{fault} at request {request}, read by WarpZip");

            // The engine keeps its queues for the next stream; at most one per request in flight, all closed with the model.
            Assert.InRange(model.OpenQueues, 0, options.DegreeOfParallelism);
            model.Dispose();
            Assert.Equal(0, model.OpenQueues);
        }
    }
}
