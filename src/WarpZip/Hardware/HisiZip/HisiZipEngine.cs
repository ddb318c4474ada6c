using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Diagnostics;
using WarpZip.Hardware.HisiQm;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Hardware.HisiZip;

/// <summary>
/// The ZIP accelerator as a request engine: queues in both directions on the usable devices, each
/// with share-memory slots, and one completion thread that reaps CQEs by phase bit and expires
/// requests past their deadline. While requests are in flight it spins briefly (a device completes
/// in microseconds), then arms the completion interrupt and sleeps in poll() on a busy queue; with
/// nothing in flight it sleeps until a submit. Many
/// requests stay in flight across queues: queue depth, not threads, is what scales on this device.
/// A failure is reported per request so the caller can redo that request in software; after
/// repeated failures the engine sets itself aside with the reason.
/// </summary>
internal sealed partial class HisiZipEngine : IDisposable
{
    /// <summary>Largest input per request (8 MiB is the device limit); larger chunks go as several requests of a device stream.</summary>
    public const int SlotInputBytes = 1024 * 1024;

    private const int SlotsPerQueue = 8;

    /// <summary>Stream-mode compressions one queue can carry at once (one 64 KiB context each).</summary>
    private const int StreamContextsPerQueue = 16;
    private const int FailuresBeforeSetAside = 3;

    private readonly List<HisiZipQueue> _compressQueues;
    private readonly List<HisiZipQueue> _decompressQueues;
    private readonly object _lock = new();
    private readonly SemaphoreSlim _work = new(0);
    private readonly Thread _completionThread;
    private readonly int _timeoutMilliseconds;
    private int _consecutiveFailures;
    private volatile bool _disposed;
    private int _nextQueue;

    private HisiZipEngine(string name, List<HisiZipQueue> compress, List<HisiZipQueue> decompress, int timeoutMilliseconds)
    {
        Name = name;
        _compressQueues = compress;
        _decompressQueues = decompress;
        _timeoutMilliseconds = timeoutMilliseconds;
        _completionThread = new Thread(CompleteRequests) { IsBackground = true, Name = "WarpZip hisi_zip completions" };
        _completionThread.Start();
    }

    public string Name { get; }

    /// <summary>Set when the engine gave up on its devices; new requests fail at once with this reason.</summary>
    public WarpZipFallbackReason? SetAsideReason { get; private set; }

    /// <summary>Environment.TickCount64 when the engine was set aside.</summary>
    public long SetAsideAt { get; private set; }

    public bool SupportsDeflate { get; private init; }

    /// <summary>
    /// Opens one compression and one decompression queue on each usable device. Returns null with the
    /// reason when no queue at all could be brought up.
    /// </summary>
    public static HisiZipEngine? Open(WarpZipDeviceProvider provider, UacceScan scan, TimeSpan timeout, out WarpZipFallbackReason reason, out string detail)
    {
        reason = WarpZipFallbackReason.NoDevice;
        detail = scan.RootExists ? $"no usable device under {scan.SysfsRoot}" : $"{scan.SysfsRoot} does not exist";
        if (scan.Usable.Count == 0)
        {
            foreach (SkippedDevice skipped in scan.Skipped)
            {
                (reason, detail) = skipped.Reason switch
                {
                    DeviceSkipReason.Isolated => (WarpZipFallbackReason.DeviceIsolated, $"{skipped.Name}: {skipped.Detail}"),
                    DeviceSkipReason.NoFreeQueue => (WarpZipFallbackReason.NoFreeQueue, $"{skipped.Name}: {skipped.Detail}"),
                    _ => (reason, detail),
                };
            }

            return null;
        }

        var compress = new List<HisiZipQueue>();
        var decompress = new List<HisiZipQueue>();
        bool deflate = true;
        foreach (UacceDevice device in scan.Usable)
        {
            HisiZipQueue? c = TryOpenQueue(provider, device, QueueDirection.Compress, ref reason, ref detail);
            HisiZipQueue? d = c is null ? null : TryOpenQueue(provider, device, QueueDirection.Decompress, ref reason, ref detail);
            if (c is not null && d is not null)
            {
                compress.Add(c);
                decompress.Add(d);
                deflate &= device.SupportsDeflate;
            }
            else
            {
                c?.Dispose();
            }
        }

        if (compress.Count == 0)
        {
            return null;
        }

        string name = $"{provider.Description}: {string.Join(", ", scan.Usable[0].Name)} ({scan.Usable[0].Api})";
        int timeoutMilliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        return new HisiZipEngine(name, compress, decompress, timeoutMilliseconds) { SupportsDeflate = deflate };
    }

    private static HisiZipQueue? TryOpenQueue(WarpZipDeviceProvider provider, UacceDevice device, QueueDirection direction, ref WarpZipFallbackReason reason, ref string detail)
    {
        QmQueuePair? pair = null;
        try
        {
            pair = QmQueuePair.Open(provider, device, direction, ZipSqe.Size);
            int outputBytes = SlotInputBytes + (SlotInputBytes / 8) + 4096;
            // One buffer per slot for input and one for output, plus one cut into stream contexts.
            ShareMemory memory = pair.CreateShareMemory(outputBytes, (2 * SlotsPerQueue) + 1);
            return new HisiZipQueue(pair, memory, SlotsPerQueue, StreamContextsPerQueue);
        }
        catch (UacceOpenException ex)
        {
            pair?.Dispose();
            reason = ex.Errno switch
            {
                Errno.Busy => WarpZipFallbackReason.NoFreeQueue,
                Errno.PermissionDenied or Errno.NotPermitted => WarpZipFallbackReason.PermissionDenied,
                _ => WarpZipFallbackReason.NoDevice,
            };
            detail = ex.Message;
            return null;
        }
        catch (WarpZipDeviceException ex)
        {
            pair?.Dispose();
            reason = WarpZipFallbackReason.DeviceErrorStatus;
            detail = ex.Message;
            return null;
        }
    }

    /// <summary>Sends <paramref name="request"/> to a queue of its direction (a stream-mode request to its stream's queue); completes with the outcome.</summary>
    public Task<HardwareOutcome> SubmitAsync(HardwareRequest request)
    {
        if (request.Input.Length > SlotInputBytes)
        {
            return Task.FromResult(HardwareOutcome.Failed(WarpZipFallbackReason.LevelPolicy, $"requests above {SlotInputBytes} bytes go to software"));
        }

        // A stream-mode request can only go to the queue that holds its context; a block request to any
        // queue of its direction, round robin.
        List<HisiZipQueue> direction = request.Compress ? _compressQueues : _decompressQueues;
        bool bound = request.Stream is not null;
        List<HisiZipQueue> candidates = request.Stream is StreamContext stream ? [stream.Queue] : direction;
        lock (_lock)
        {
            if (_disposed)
            {
                return Task.FromResult(HardwareOutcome.Failed(WarpZipFallbackReason.QueueStopped, "engine closed"));
            }

            if (SetAsideReason is WarpZipFallbackReason setAside)
            {
                return Task.FromResult(HardwareOutcome.Failed(setAside, $"{Name} was set aside"));
            }

            if (direction.TrueForAll(q => q.Abandoned))
            {
                WarpZipFallbackReason reason = direction[0].AbandonReason!.Value;
                SetAside(reason);
                return Task.FromResult(HardwareOutcome.Failed(reason, "every queue was given up on"));
            }

            if (candidates.TrueForAll(q => q.Abandoned))
            {
                // A stream whose queue is gone: its next piece starts a new device stream elsewhere.
                return Task.FromResult(HardwareOutcome.Failed(candidates[0].AbandonReason!.Value, "the stream's queue was given up on"));
            }

            long deadline = Environment.TickCount64 + _timeoutMilliseconds;
            int first = bound ? 0 : _nextQueue;
            for (int attempt = 0; attempt < candidates.Count; attempt++)
            {
                HisiZipQueue queue = candidates[(first + attempt) % candidates.Count];
                try
                {
                    if (queue.TrySubmit(request, deadline))
                    {
                        WarpZipMetrics.DeviceSubmitted();
                        if (!bound)
                        {
                            _nextQueue = (first + attempt + 1) % candidates.Count;
                        }

                        _work.Release();
                        return Completion(request);
                    }
                }
                catch (QueueStoppedException ex)
                {
                    queue.FailAll(WarpZipFallbackReason.QueueStopped, ex.Message);
                    return Task.FromResult(RecordFailure(HardwareOutcome.Failed(WarpZipFallbackReason.QueueStopped, ex.Message)));
                }
            }
        }

        return Task.FromResult(HardwareOutcome.Failed(WarpZipFallbackReason.NoFreeQueue, "every request slot is busy"));
    }

    /// <summary>Starts a stateful compression; its requests all go through the returned session, in order.</summary>
    public HisiZipStreamSession OpenStreamSession() => new(this);

    /// <summary>A free stream context on a compression queue still in use, or null with the reason.</summary>
    internal StreamContext? TryTakeStreamContext(out HardwareOutcome failure)
    {
        lock (_lock)
        {
            failure = SetAsideReason is WarpZipFallbackReason setAside
                ? HardwareOutcome.Failed(setAside, $"{Name} was set aside")
                : _disposed ? HardwareOutcome.Failed(WarpZipFallbackReason.QueueStopped, "engine closed")
                : HardwareOutcome.Failed(WarpZipFallbackReason.NoFreeQueue, "every stream context is in use");
            if (SetAsideReason is not null || _disposed)
            {
                return null;
            }

            for (int attempt = 0; attempt < _compressQueues.Count; attempt++)
            {
                HisiZipQueue queue = _compressQueues[(_nextQueue + attempt) % _compressQueues.Count];
                if (queue.TryTakeContext() is StreamContext context)
                {
                    _nextQueue = (_nextQueue + attempt + 1) % _compressQueues.Count;
                    return context;
                }
            }

            return null;
        }
    }

    /// <summary>Gives a context back once no request of its stream is in flight.</summary>
    internal void ReturnStreamContext(StreamContext context)
    {
        lock (_lock)
        {
            context.Queue.ReturnContext(context);
        }
    }

    private async Task<HardwareOutcome> Completion(HardwareRequest request)
    {
        HardwareOutcome outcome = await request.Completion.ConfigureAwait(false);
        WarpZipMetrics.DeviceCompleted();
        if (outcome.Succeeded)
        {
            return RecordSuccess(outcome);
        }

        // A decompression error status usually means corrupt input, not a failing device: software
        // redoes the member and reports the data error; only timeouts and stops count against the device.
        bool dataError = !request.Compress && outcome.Reason == WarpZipFallbackReason.DeviceErrorStatus;
        return dataError ? outcome : RecordFailure(outcome);
    }

    private HardwareOutcome RecordSuccess(HardwareOutcome outcome)
    {
        Interlocked.Exchange(ref _consecutiveFailures, 0);
        return outcome;
    }

    private HardwareOutcome RecordFailure(HardwareOutcome outcome)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) >= FailuresBeforeSetAside || outcome.Reason is WarpZipFallbackReason.Timeout or WarpZipFallbackReason.QueueStopped)
        {
            SetAside(outcome.Reason);
        }

        return outcome;
    }

    private void SetAside(WarpZipFallbackReason reason)
    {
        if (SetAsideReason is null)
        {
            SetAsideAt = Environment.TickCount64;
            SetAsideReason = reason;
        }
    }

    private IEnumerable<HisiZipQueue> AllQueues()
    {
        foreach (HisiZipQueue queue in _compressQueues)
        {
            yield return queue;
        }

        foreach (HisiZipQueue queue in _decompressQueues)
        {
            yield return queue;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _work.Release();
        _completionThread.Join();
        foreach (HisiZipQueue queue in AllQueues())
        {
            queue.Dispose();
        }

        _work.Dispose();
    }
}
