using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Buffers;
using WarpZip.DeviceModel;
using WarpZip.Hardware.HisiQm;
using WarpZip.Hardware.HisiZip;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Benchmarks;

/// <summary>
/// The hardware path's own costs, measured on the device model (labelled as such: this measures the
/// driver, not hardware):
/// 1. driver cost per request — fill an SQE and ring the doorbell, then take the CQE by phase bit and
///    parse the result — timed on the driver's side only, in batches, so the model's work is excluded;
/// 2. copying a chunk into share memory against a managed-to-managed memcpy;
/// 3. requests per second against requests in flight, with the model's latency fixed;
/// 4. stream-mode (stateful) pieces per second against the number of concurrent streams: each stream
///    has one request in flight at a time (a piece continues the previous one's context), so the rate
///    should follow streams / latency.
/// </summary>
internal static unsafe class DeviceHarness
{
    public static int Run(string[] args)
    {
        ThreadPool.SetMinThreads(16, 16); // blocking waiters below must not wait for thread injection
        Console.WriteLine($"# Hardware path on the hisi_zip device model (software, not hardware) — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        DriverCostPerRequest();
        ShareMemoryCopy();
        InFlightScaling();
        DeviceStreamScaling.Run();
        return 0;
    }

    private static void DriverCostPerRequest()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { ZeroWork = true });
        UacceDevice device = UacceDiscovery.Scan(model.SysfsDirectory).Usable.Single();
        using QmQueuePair pair = QmQueuePair.Open(model, device, QueueDirection.Compress, ZipSqe.Size);
        using ShareMemory memory = pair.CreateShareMemory(4096, 2);
        ShareBuffer input = memory[0];
        ShareBuffer output = memory[1];
        const int Batch = 512;
        const int Rounds = 40;
        var submit = new List<double>();
        var reap = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Batch; i++)
            {
                Span<byte> sqe = pair.NextSlot(out int slot);
                ZipSqe.WriteBlockRequest(sqe, pair.QmVersion, new ZipRequest(ZipAlgorithm.Gzip, input.DeviceAddress, 64, output.DeviceAddress, (uint)output.Length, (uint)slot, Compress: true));
                pair.Submit();
            }

            submit.Add(clock.Elapsed.TotalSeconds / Batch);
            while (model.CompletedRequests < (long)(round + 1) * Batch)
            {
                Thread.Sleep(1); // the model works; the driver is not being timed here
            }

            clock.Restart();
            int taken = 0;
            while (taken < Batch && pair.TryComplete(out int slot))
            {
                ZipResult result = ZipSqe.ReadResult(pair.Slot(slot), pair.QmVersion);
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"model status {result.Status}");
                }

                taken++;
            }

            reap.Add(clock.Elapsed.TotalSeconds / Batch);
        }

        double s = Median(submit.Skip(5).ToList()) * 1e6;
        double r = Median(reap.Skip(5).ToList()) * 1e6;
        Console.WriteLine("## Driver cost per request (fill SQE + doorbell, poll CQE + parse)");
        Console.WriteLine();
        Console.WriteLine("| submit µs | complete µs | total µs | target |");
        Console.WriteLine("|---:|---:|---:|---|");
        Console.WriteLine($"| {s:F3} | {r:F3} | {s + r:F3} | ≤ 2 µs |");
        Console.WriteLine();
    }

    private static void ShareMemoryCopy()
    {
        const int Chunk = 1024 * 1024;
        using var memory = new SvaShareMemory(Chunk, 2, Environment.SystemPageSize);
        byte[] source = new byte[Chunk];
        byte[] managed = new byte[Chunk];
        new Random(1).NextBytes(source);
        var share = new List<double>();
        var baseline = new List<double>();
        for (int run = 0; run < 200; run++)
        {
            var clock = Stopwatch.StartNew();
            source.AsSpan().CopyTo(memory[run & 1].Span);
            share.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            source.AsSpan().CopyTo(managed);
            baseline.Add(clock.Elapsed.TotalSeconds);
        }

        double shareMBs = Chunk / Median(share) / 1e6;
        double memcpyMBs = Chunk / Median(baseline) / 1e6;
        Console.WriteLine("## Copying a 1 MiB chunk into share memory");
        Console.WriteLine();
        Console.WriteLine("| into share memory MB/s | managed memcpy MB/s | ratio | target |");
        Console.WriteLine("|---:|---:|---:|---|");
        Console.WriteLine($"| {shareMBs:F0} | {memcpyMBs:F0} | {shareMBs / memcpyMBs:P0} | ≥ 50% |");
        Console.WriteLine();
    }

    private static void InFlightScaling()
    {
        var latency = TimeSpan.FromMilliseconds(2);
        Console.WriteLine($"## Requests per second against requests in flight (model latency {latency.TotalMilliseconds} ms, zero-work engine)");
        Console.WriteLine();
        Console.WriteLine("| in flight | requests/s | predicted (in flight / latency) | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (int depth in new[] { 1, 2, 4, 8 })
        {
            using var model = new HisiZipDeviceModel(new DeviceModelOptions { ZeroWork = true, RequestLatency = latency });
            HisiZipEngine engine = model.GetEngine(TimeSpan.FromSeconds(5), out _, out _) ?? throw new InvalidOperationException("no engine");
            byte[] payload = new byte[4096];
            const int Requests = 400;
            var clock = Stopwatch.StartNew();
            Parallel.For(0, depth, new ParallelOptions { MaxDegreeOfParallelism = depth }, worker =>
            {
                for (int i = worker; i < Requests; i += depth)
                {
                    using var output = new PooledBuffer(8192);
                    HardwareOutcome outcome = engine.SubmitAsync(new HardwareRequest(payload, ZipAlgorithm.Gzip, compress: true, output, -1)).GetAwaiter().GetResult();
                    if (!outcome.Succeeded)
                    {
                        throw new InvalidOperationException(outcome.Detail);
                    }
                }
            });
            double perSecond = Requests / clock.Elapsed.TotalSeconds;
            double predicted = depth / latency.TotalSeconds;
            Console.WriteLine($"| {depth} | {perSecond:F0} | {predicted:F0} | {perSecond / predicted:P0} |");
        }

        Console.WriteLine();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
