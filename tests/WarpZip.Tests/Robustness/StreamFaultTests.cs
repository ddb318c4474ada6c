using System;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Tests.Concurrency;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>What a <see cref="FaultyStream"/> does to its caller.</summary>
public enum FaultKind
{
    /// <summary>Reads and writes pass through.</summary>
    None,

    /// <summary>Throws IOException once <see cref="FaultyStream"/>'s threshold of bytes has passed.</summary>
    Throw,

    /// <summary>Reads return at most a few bytes.</summary>
    ShortReads,

    /// <summary>Reads return one byte.</summary>
    OneByte,

    /// <summary>Async calls past the threshold wait until their token is cancelled.</summary>
    BlockUntilCancelled,

    /// <summary>Async reads past the threshold wait for <see cref="FaultyStream.Release"/>, ignoring their token.</summary>
    BlockUntilReleased,
}

/// <summary>A base stream that fails, dribbles or stalls after a number of bytes.</summary>
public sealed class FaultyStream(Stream inner, FaultKind kind, long threshold = 0) : Stream
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _passed;

    /// <summary>Completes when an async call first blocks.</summary>
    public Task Blocked => _blocked.Task;

    public void Release() => _released.TrySetResult();

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (kind == FaultKind.Throw && _passed >= threshold)
        {
            throw new IOException("injected read failure");
        }

        int limit = kind switch { FaultKind.ShortReads => 1 + (int)(_passed % 7), FaultKind.OneByte => 1, _ => buffer.Length };
        int read = inner.Read(buffer[..Math.Min(limit, buffer.Length)]);
        _passed += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (_passed >= threshold)
        {
            await BlockAsync(cancellationToken).ConfigureAwait(false);
        }

        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (kind == FaultKind.Throw && _passed + buffer.Length > threshold)
        {
            throw new IOException("injected write failure");
        }

        inner.Write(buffer);
        _passed += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (_passed + buffer.Length > threshold)
        {
            await BlockAsync(cancellationToken).ConfigureAwait(false);
        }

        Write(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task BlockAsync(CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case FaultKind.BlockUntilCancelled:
                _blocked.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                break;
            case FaultKind.BlockUntilReleased:
                _blocked.TrySetResult();
                await _released.Task.ConfigureAwait(false);
                break;
        }
    }
}

/// <summary>
/// Faults around the stream: the base stream throws, dribbles or stalls; async calls are cancelled or
/// overlap; the stream is disposed mid-call. Each must give the exception GZipStream (or its sibling)
/// gives, and leave no read-ahead producer, chunk job or pooled buffer behind.
/// </summary>
[Collection(nameof(ProcessWideGroup))]
public sealed class StreamFaultTests
{
    /// <summary>Past the 1 MiB read-ahead threshold, so workers are involved when DegreeOfParallelism > 1.</summary>
    private static readonly byte[] Data = TestData.Create(DataKind.Text, 3 << 20, seed: 61);

    private static readonly System.Collections.Generic.Dictionary<string, byte[]> Compressed = new()
    {
        [".gz"] = RobustnessKit.Compress(".gz", Data, new WarpZipOptions { ChunkSize = TestData.Chunk }),
        [".zlib"] = RobustnessKit.Compress(".zlib", Data, new WarpZipOptions { ChunkSize = TestData.Chunk }),
        [".deflate"] = RobustnessKit.Compress(".deflate", Data, new WarpZipOptions { ChunkSize = TestData.Chunk }),
    };

    public static TheoryData<string, int> FormatsAndParallelism()
    {
        var data = new TheoryData<string, int>();
        foreach (string format in RobustnessKit.Formats)
        {
            data.Add(format, 1);
            data.Add(format, 4);
        }

        return data;
    }

    private static WarpZipOptions Options(int parallelism) => new() { DegreeOfParallelism = parallelism, ChunkSize = TestData.Chunk };

    private static async Task<Exception?> Catch(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // The test compares exception types.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    private static async Task DrainAsync(Stream stream, bool useAsync)
    {
        byte[] buffer = new byte[50_000];
        if (useAsync)
        {
            while (await stream.ReadAsync(buffer).ConfigureAwait(false) != 0)
            {
            }
        }
        else
        {
            while (stream.Read(buffer) != 0)
            {
            }
        }
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task BaseThrowsMidRead_SameExceptionAsDotNet_NothingLeaks(string format, int parallelism)
    {
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        byte[] input = Compressed[format];
        foreach (bool useAsync in new[] { false, true })
        {
            foreach (long at in new long[] { 0, 5, input.Length / 2 })
            {
                Exception? expected = await Catch(async () =>
                {
                    await using Stream s = format switch
                    {
                        ".gz" => new GZipStream(new FaultyStream(new MemoryStream(input), FaultKind.Throw, at), CompressionMode.Decompress),
                        ".zlib" => new ZLibStream(new FaultyStream(new MemoryStream(input), FaultKind.Throw, at), CompressionMode.Decompress),
                        _ => new DeflateStream(new FaultyStream(new MemoryStream(input), FaultKind.Throw, at), CompressionMode.Decompress),
                    };
                    await DrainAsync(s, useAsync);
                });
                Exception? actual = await Catch(async () =>
                {
                    await using Stream s = BclOracle.Warp(format, new FaultyStream(new MemoryStream(input), FaultKind.Throw, at), Options(parallelism));
                    await DrainAsync(s, useAsync);
                });
                Assert.Equal(expected?.GetType(), actual?.GetType());
            }
        }

        RobustnessKit.AssertReturnsTo(before, "read failure");
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task BaseThrowsMidWrite_SameExceptionAsDotNet_NothingLeaks(string format, int parallelism)
    {
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        foreach (bool useAsync in new[] { false, true })
        {
            foreach (long at in new long[] { 0, 100, 300_000 })
            {
                Exception? expected = await Catch(() => WriteAllAsync(RobustnessKit.BclCompressor(format, new FaultyStream(new MemoryStream(), FaultKind.Throw, at)), useAsync));
                Exception? actual = await Catch(() => WriteAllAsync(RobustnessKit.Compressor(format, new FaultyStream(new MemoryStream(), FaultKind.Throw, at), Options(parallelism)), useAsync));
                Assert.True(expected?.GetType() == actual?.GetType(),
                    $"failing after {at} bytes (async={useAsync}): .NET {expected?.GetType().Name ?? "no exception"}, WarpZip {actual?.GetType().Name ?? "no exception"}: {actual}");
            }
        }

        RobustnessKit.AssertReturnsTo(before, "write failure");
    }

    private static async Task WriteAllAsync(Stream stream, bool useAsync)
    {
        await using (stream)
        {
            for (int offset = 0; offset < Data.Length; offset += 64 * 1024)
            {
                ReadOnlyMemory<byte> piece = Data.AsMemory(offset, Math.Min(64 * 1024, Data.Length - offset));
                if (useAsync)
                {
                    await stream.WriteAsync(piece);
                }
                else
                {
                    stream.Write(piece.Span);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task ShortAndOneByteReads_DecodeExactly(string format, int parallelism)
    {
        byte[] input = Compressed[format];
        foreach (FaultKind kind in new[] { FaultKind.ShortReads, FaultKind.OneByte })
        {
            foreach (bool useAsync in new[] { false, true })
            {
                await using WarpCompressionStream stream = BclOracle.Warp(format, new FaultyStream(new MemoryStream(input), kind, long.MaxValue), Options(parallelism));
                using var decoded = new MemoryStream();
                if (useAsync)
                {
                    await stream.CopyToAsync(decoded);
                }
                else
                {
                    stream.CopyTo(decoded);
                }

                Bytes.Equal(Data, decoded.ToArray(), $"{kind}, async={useAsync}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task ReadAsync_CancelledMidFlight_ThrowsOperationCanceled_NothingLeaks(string format, int parallelism)
    {
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        byte[] input = Compressed[format];
        foreach (long at in new long[] { 0, input.Length / 2 })
        {
            var faulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilCancelled, at);
            await using (WarpCompressionStream stream = BclOracle.Warp(format, faulty, Options(parallelism)))
            {
                using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                byte[] buffer = new byte[64 * 1024];
                Exception? error = await Catch(async () =>
                {
                    while (await stream.ReadAsync(buffer, cancellation.Token) != 0)
                    {
                    }
                });
                Assert.IsAssignableFrom<OperationCanceledException>(error);
            }

            // GZipStream and its siblings propagate the base stream's cancellation the same way.
            var bclFaulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilCancelled, at);
            await using Stream bcl = format switch
            {
                ".gz" => new GZipStream(bclFaulty, CompressionMode.Decompress),
                ".zlib" => new ZLibStream(bclFaulty, CompressionMode.Decompress),
                _ => new DeflateStream(bclFaulty, CompressionMode.Decompress),
            };
            using var bclCancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            Assert.IsAssignableFrom<OperationCanceledException>(await Catch(() => DrainWithTokenAsync(bcl, bclCancellation.Token)));
        }

        RobustnessKit.AssertReturnsTo(before, "cancelled read");
    }

    private static async Task DrainWithTokenAsync(Stream stream, CancellationToken token)
    {
        byte[] buffer = new byte[64 * 1024];
        while (await stream.ReadAsync(buffer, token) != 0)
        {
        }
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task WriteAsync_CancelledMidFlight_ThrowsOperationCanceled_NothingLeaks(string format, int parallelism)
    {
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        var faulty = new FaultyStream(new MemoryStream(), FaultKind.BlockUntilCancelled, 1000);
        WarpCompressionStream stream = RobustnessKit.Compressor(format, faulty, Options(parallelism));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Exception? error = await Catch(async () =>
        {
            for (int offset = 0; offset < Data.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(Data.AsMemory(offset, Math.Min(64 * 1024, Data.Length - offset)), cancellation.Token);
            }

            await stream.FlushAsync(cancellation.Token);
        });
        Assert.IsAssignableFrom<OperationCanceledException>(error);

        // Disposing after the cancellation may report the broken stream, but must not hang or leak.
        await Catch(async () => await stream.DisposeAsync());
        RobustnessKit.AssertReturnsTo(before, "cancelled write");
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task DisposedDuringReadAsync_NoCrash_NothingLeaks(string format, int parallelism)
    {
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        byte[] input = Compressed[format];
        foreach (long at in new long[] { 0, input.Length / 2 })
        {
            var faulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilReleased, at);
            WarpCompressionStream stream = BclOracle.Warp(format, faulty, Options(parallelism));
            byte[] buffer = new byte[64 * 1024];
            Task<Exception?> pending = Catch(async () =>
            {
                while (await stream.ReadAsync(buffer) != 0)
                {
                }
            });
            await Task.WhenAny(faulty.Blocked, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(faulty.Blocked.IsCompleted, "the base stream was never read asynchronously");

            Task dispose = Task.Run(stream.Dispose);
            await Task.Delay(50);
            faulty.Release();
            Assert.True(await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(30))) == dispose, "Dispose hung");
            await dispose;
            Task finished = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(finished == pending, "the pending ReadAsync never finished after Dispose");

            // .NET 10's streams end such a read with ObjectDisposedException (or finish it); any
            // outcome other than those is wrong.
            Exception? error = await pending;
            Assert.True(error is null or ObjectDisposedException or InvalidOperationException or OperationCanceledException,
                $"the pending read ended with {error}");
        }

        RobustnessKit.AssertReturnsTo(before, "disposed mid-read");
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task OverlappingCalls_ThrowInvalidOperation_AsDotNetDoes(string format, int parallelism)
    {
        RobustnessKit.Resources before = RobustnessKit.Resources.Now;
        byte[] input = Compressed[format];
        var faulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilReleased, 0);
        WarpCompressionStream stream = BclOracle.Warp(format, faulty, Options(parallelism));
        var bclFaulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilReleased, 0);
        Stream bcl = format switch
        {
            ".gz" => new GZipStream(bclFaulty, CompressionMode.Decompress),
            ".zlib" => new ZLibStream(bclFaulty, CompressionMode.Decompress),
            _ => new DeflateStream(bclFaulty, CompressionMode.Decompress),
        };
        foreach ((Stream s, FaultyStream f) in new[] { (bcl, bclFaulty), ((Stream)stream, faulty) })
        {
            byte[] buffer = new byte[1024];
            ValueTask<int> first = s.ReadAsync(buffer);
            await f.Blocked;
            await Assert.ThrowsAsync<InvalidOperationException>(async () => _ = await s.ReadAsync(new byte[10]));
            f.Release();
            Assert.True(await first > 0);
            await s.DisposeAsync();
        }

        // Writers: a second WriteAsync while the first waits on the base stream.
        var writeFaulty = new FaultyStream(new MemoryStream(), FaultKind.BlockUntilReleased, 0);
        WarpCompressionStream writer = RobustnessKit.Compressor(format, writeFaulty, Options(parallelism));
        ValueTask firstWrite = writer.WriteAsync(Data.AsMemory(0, 2 * TestData.Chunk + 1));
        Task blockedOrDone = await Task.WhenAny(writeFaulty.Blocked, firstWrite.AsTask(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (blockedOrDone == writeFaulty.Blocked && !firstWrite.IsCompleted)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.WriteAsync(new byte[10]));
        }

        writeFaulty.Release();
        await Catch(async () => await firstWrite);
        await Catch(async () => await writer.DisposeAsync());
        RobustnessKit.AssertReturnsTo(before, "overlapping calls");
    }

    [Theory]
    [MemberData(nameof(FormatsAndParallelism))]
    public async Task SyncReadDuringPendingReadAsync_IsRefused_WhereDotNetAllowsIt(string format, int parallelism)
    {
        // .NET 10's streams guard only async calls against overlap: a synchronous Read while a ReadAsync
        // is pending is not refused. WarpZip refuses it with InvalidOperationException (see docs/robustness.md).
        byte[] input = Compressed[format];
        async Task<Type?> SyncReadOutcome(Stream s, FaultyStream f)
        {
            ValueTask<int> first = s.ReadAsync(new byte[1024]);
            await f.Blocked;
            Type? outcome = null;
            try
            {
                _ = s.Read(new byte[10]);
            }
#pragma warning disable CA1031 // The outcome is compared.
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = e.GetType();
            }

            f.Release();
            await Catch(async () => await first);
            await Catch(async () => await s.DisposeAsync());
            return outcome;
        }

        var bclFaulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilReleased, 0);
        Stream bcl = format switch
        {
            ".gz" => new GZipStream(bclFaulty, CompressionMode.Decompress),
            ".zlib" => new ZLibStream(bclFaulty, CompressionMode.Decompress),
            _ => new DeflateStream(bclFaulty, CompressionMode.Decompress),
        };
        var faulty = new FaultyStream(new MemoryStream(input), FaultKind.BlockUntilReleased, 0);
        Type? expected = await SyncReadOutcome(bcl, bclFaulty);
        Type? actual = await SyncReadOutcome(BclOracle.Warp(format, faulty, Options(parallelism)), faulty);
        // A documented difference: two operations on one decoder at once cannot both be right.
        Assert.Null(expected);
        Assert.Equal(typeof(InvalidOperationException), actual);
    }
}
