using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Concurrency;

/// <summary>Tests that measure process-wide resources; they must not share the process with other tests.</summary>
[CollectionDefinition(nameof(ProcessWideGroup), DisableParallelization = true)]
public sealed class ProcessWideGroup
{
}

/// <summary>Many WarpZip streams at once: no shared state may leak between them.</summary>
public sealed class ParallelStreamsTests
{
    private const int Chunk = TestData.Chunk;

    [Fact]
    public async Task ManyStreams_InParallel_RoundTripTheirOwnData()
    {
        const int Streams = 32;
        var tasks = new List<Task>();
        for (int i = 0; i < Streams; i++)
        {
            int id = i;
            tasks.Add(Task.Run(async () =>
            {
                byte[] data = TestData.Create((DataKind)(id % 4), 300 * 1024, seed: 1000 + id);
                var options = new WarpZipOptions { ChunkSize = Chunk, DegreeOfParallelism = 1 + id % 4 };
                using var compressed = new MemoryStream();
                await using (Stream stream = (id % 3) switch
                {
                    0 => new WarpGZipStream(compressed, CompressionLevel.Optimal, options, leaveOpen: true),
                    1 => new WarpZLibStream(compressed, CompressionLevel.Fastest, options, leaveOpen: true),
                    _ => new WarpDeflateStream(compressed, CompressionLevel.Optimal, options, leaveOpen: true),
                })
                {
                    for (int offset = 0; offset < data.Length; offset += 10_000)
                    {
                        await stream.WriteAsync(data.AsMemory(offset, Math.Min(10_000, data.Length - offset)));
                    }
                }

                compressed.Position = 0;
                Stream reader = (id % 3) switch
                {
                    0 => new WarpGZipStream(compressed, CompressionMode.Decompress, options),
                    1 => new WarpZLibStream(compressed, CompressionMode.Decompress, options),
                    _ => new WarpDeflateStream(compressed, CompressionMode.Decompress, options),
                };
                using var decoded = new MemoryStream();
                await using (reader)
                {
                    await reader.CopyToAsync(decoded);
                }

                Bytes.Equal(data, decoded.ToArray(), $"stream {id}");
            }));
        }

        await Task.WhenAll(tasks);
    }

    [Fact]
    public void SharedOptions_AcrossThreads_GiveIdenticalOutput()
    {
        var options = new WarpZipOptions { ChunkSize = Chunk, DegreeOfParallelism = 3 };
        byte[] data = TestData.Create(DataKind.Text, 5 * Chunk + 7);
        byte[][] results = new byte[16][];
        Parallel.For(0, results.Length, i =>
        {
            using var output = new MemoryStream();
            using (var stream = new WarpGZipStream(output, CompressionLevel.Optimal, options, leaveOpen: true))
            {
                stream.Write(data);
            }

            results[i] = output.ToArray();
        });

        foreach (byte[] result in results)
        {
            Bytes.Equal(results[0], result);
        }
    }
}

/// <summary>Thread growth with many open streams; runs alone so other tests' threads do not count.</summary>
[Collection(nameof(ProcessWideGroup))]
public sealed class ThreadUsageTests
{
    [Fact]
    public void HundredOpenStreams_DoNotEachStartTheirOwnThreads()
    {
        const int Streams = 100;
        const int Dop = 4;
        byte[] data = TestData.Create(DataKind.Text, 3 * TestData.Chunk);
        var options = new WarpZipOptions { ChunkSize = TestData.Chunk, DegreeOfParallelism = Dop };
        int before = Process.GetCurrentProcess().Threads.Count;

        var outputs = Enumerable.Range(0, Streams).Select(_ => new MemoryStream()).ToArray();
        var streams = outputs.Select(o => new WarpGZipStream(o, CompressionLevel.Fastest, options, leaveOpen: true)).ToArray();
        int peak = 0;
        foreach (WarpGZipStream stream in streams)
        {
            stream.Write(data);
            peak = Math.Max(peak, Process.GetCurrentProcess().Threads.Count);
        }

        foreach (WarpGZipStream stream in streams)
        {
            stream.Dispose();
            peak = Math.Max(peak, Process.GetCurrentProcess().Threads.Count);
        }

        for (int i = 0; i < Streams; i++)
        {
            Bytes.Equal(data, Bytes.ReadAll(new GZipStream(new MemoryStream(outputs[i].ToArray()), CompressionMode.Decompress)), $"stream {i}");
        }

        // One thread per stream would be +100, one per worker +400; a shared pool stays far below.
        int growth = peak - before;
        Assert.True(growth < Streams / 2, $"thread count grew by {growth} (from {before} to {peak}) for {Streams} streams with DegreeOfParallelism {Dop}");
    }
}
