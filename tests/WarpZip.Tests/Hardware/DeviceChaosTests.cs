using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using WarpZip.DeviceModel;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Hardware;

/// <summary>
/// Seeded random faults under several concurrent streams of mixed framing, format, parallelism and
/// call style sharing one device model: whichever request fails, and however the failures interleave
/// with block requests and stream-mode pieces of other streams, every output decodes to exactly its
/// input and nothing hangs. The first theory uses only faults a device recovers from, so the device
/// stays in play for the whole run; the second adds those that set the engine aside mid-run (stalls,
/// stopped queues, a bad sq_head) while other streams have requests out.
/// </summary>
public sealed class DeviceChaosTests
{
    private static readonly DeviceFault[] Recoverable =
        [DeviceFault.ErrorStatus, DeviceFault.OutputTooSmall, DeviceFault.ChecksumError, DeviceFault.CorruptOutput];

    private static readonly DeviceFault[] Any = [.. Recoverable, DeviceFault.Stall, DeviceFault.TxStop, DeviceFault.RxStop, DeviceFault.BadSqHead];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void RandomRecoverableFaults_ConcurrentMixedStreams_EveryOutputExact(int seed) => Run(seed, Recoverable);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void RandomFaultsOfEveryKind_ConcurrentMixedStreams_EveryOutputExact(int seed) => Run(seed, Any);

    private static void Run(int seed, DeviceFault[] faults)
    {
        var random = new Random(seed);
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QueueCount = 4 });

        // A fault every few requests; spaced so that three in a row (which sets the engine aside) is rare.
        for (int i = 0; i < 12; i++)
        {
            model.InjectFault(faults[random.Next(faults.Length)], afterRequests: 1 + random.Next(4));
        }

        var plans = Enumerable.Range(0, 5).Select(i => new
        {
            Data = TestData.Create((DataKind)random.Next(4), random.Next(6) * TestData.Chunk + random.Next(TestData.Chunk), seed: (seed * 10) + i),
            Zlib = random.Next(3) == 0,
            Indexed = random.Next(2) == 0,
            Parallelism = 1 + random.Next(3),
            Async = random.Next(2) == 0,
        }).ToArray();

        HangGuard.Run(() =>
        {
            Task<byte[]>[] outputs = plans.Select(plan => Task.Run(async () =>
            {
                WarpZipOptions options = ModelKit.Options(model, plan.Parallelism) with
                {
                    HardwareTimeout = TimeSpan.FromMilliseconds(300),
                    Framing = plan.Indexed && !plan.Zlib ? WarpZipFraming.IndexedMembers : WarpZipFraming.SingleMember,
                };
                using var output = new MemoryStream();
                WarpCompressionStream stream = plan.Zlib
                    ? new WarpZLibStream(output, CompressionLevel.Optimal, options, leaveOpen: true)
                    : new WarpGZipStream(output, CompressionLevel.Optimal, options, leaveOpen: true);
                for (int offset = 0; offset < plan.Data.Length; offset += 50_000)
                {
                    int count = Math.Min(50_000, plan.Data.Length - offset);
                    if (plan.Async)
                    {
                        await stream.WriteAsync(plan.Data.AsMemory(offset, count));
                    }
                    else
                    {
                        stream.Write(plan.Data, offset, count);
                    }
                }

                if (plan.Async)
                {
                    await stream.DisposeAsync();
                }
                else
                {
                    stream.Dispose();
                }

                return output.ToArray();
            })).ToArray();

            for (int i = 0; i < plans.Length; i++)
            {
                byte[] compressed = outputs[i].GetAwaiter().GetResult();
                Stream decoder = plans[i].Zlib
                    ? new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress)
                    : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
                Bytes.Equal(plans[i].Data, Bytes.ReadAll(decoder), $"seed {seed}, stream {i}");
            }
        });

        Assert.True(model.CompletedRequests > 0, "the device model took no request");
    }
}
