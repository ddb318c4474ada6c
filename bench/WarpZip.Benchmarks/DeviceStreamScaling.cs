using System;
using System.Linq;
using System.Diagnostics;
using System.Threading.Tasks;
using WarpZip.Buffers;
using WarpZip.DeviceModel;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.Benchmarks;

/// <summary>
/// Part 4 of the device harness (apart because it awaits, which the harness's unsafe class cannot):
/// stream-mode pieces per second against concurrent streams on the device model.
/// </summary>
internal static class DeviceStreamScaling
{
    public static void Run()
    {
        var latency = TimeSpan.FromMilliseconds(2);
        const int Pieces = 100;
        Console.WriteLine($"## Stream-mode pieces per second against concurrent streams (model latency {latency.TotalMilliseconds} ms, zero-work engine, {Pieces} pieces of 4 KiB per stream)");
        Console.WriteLine();
        Console.WriteLine("| streams | pieces/s | predicted (streams / latency) | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (int streams in new[] { 1, 2, 4, 8 })
        {
            using var model = new HisiZipDeviceModel(new DeviceModelOptions { ZeroWork = true, RequestLatency = latency });
            HisiZipEngine engine = model.GetEngine(TimeSpan.FromSeconds(5), out _, out _) ?? throw new InvalidOperationException("no engine");
            byte[] payload = new byte[4096];
            uint crc = System.IO.Hashing.Crc32.HashToUInt32(payload);
            var clock = Stopwatch.StartNew();
            Task[] running = Enumerable.Range(0, streams).Select(_ => Task.Run(async () =>
            {
                HisiZipStreamSession session = engine.OpenStreamSession();
                using var output = new PooledBuffer(Pieces * 8192);
                for (int piece = 0; piece < Pieces; piece++)
                {
                    HardwareOutcome outcome = await session.CompressAsync(payload, crc, finish: piece == Pieces - 1, output).ConfigureAwait(false);
                    if (!outcome.Succeeded)
                    {
                        throw new InvalidOperationException(outcome.Detail);
                    }
                }

                session.Close();
            })).ToArray();
            Task.WaitAll(running);
            double perSecond = streams * Pieces / clock.Elapsed.TotalSeconds;
            double predicted = streams / latency.TotalSeconds;
            Console.WriteLine($"| {streams} | {perSecond:F0} | {predicted:F0} | {perSecond / predicted:P0} |");
        }

        Console.WriteLine();
    }
}
