using System;
using System.Diagnostics;
using System.Threading;
using WarpZip.Hardware.HisiQm;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.DeviceModel;

/// <summary>
/// The model's engine thread. For each started queue it replays the doorbell stores (SQ tail, CQ
/// head), takes SQEs from its own head up to the SQ tail, does the work at the addresses the SQE
/// gives, writes the result words into the SQE slot, and posts a CQE (sq_head and the phase bit)
/// once the configured latency has passed. It touches nothing but the queue's mapped memory.
/// </summary>
internal sealed unsafe class ModelEngine : IDisposable
{
    private readonly HisiZipDeviceModel _model;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _completed;
    private long _interruptsArmed;

    public ModelEngine(HisiZipDeviceModel model)
    {
        _model = model;
        _thread = new Thread(Run) { IsBackground = true, Name = "hisi_zip device model engine" };
        _thread.Start();
    }

    public long Completed => Interlocked.Read(ref _completed);

    public long InterruptsArmed => Interlocked.Read(ref _interruptsArmed);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            bool busy = false;
            foreach (ModelQueue queue in _model.SnapshotQueues())
            {
                lock (queue.Sync)
                {
                    if (queue.IsStarted)
                    {
                        busy |= Step(queue);
                    }
                }
            }

            if (!busy)
            {
                _wake.Wait(1);
            }
        }
    }

    // Returns true while the queue has work queued or waiting on latency.
    private bool Step(ModelQueue queue)
    {
        int version = _model.Options.QmVersion;
        while (queue.Doorbells.TryDequeue(out ulong doorbell))
        {
            int command = version == 1 ? (int)((doorbell >> 16) & 0xFFFF) : (int)((doorbell >> 12) & 0xF);
            int index = (int)((doorbell >> 32) & 0xFFFF);
            if (command == QmAbi.DoorbellCommandSq && index < ModelQueue.Depth)
            {
                queue.SqTail = index;
            }
            else if (command == QmAbi.DoorbellCommandCq && ((doorbell >> 48) & 0xFF) != 0)
            {
                // The model signals poll() on every completion; it only counts the driver's request.
                Interlocked.Increment(ref _interruptsArmed);
            }
        }

        while (!queue.Stalled && queue.SqHead != queue.SqTail)
        {
            Execute(queue, queue.SqHead);
            queue.SqHead = (queue.SqHead + 1) % ModelQueue.Depth;
        }

        long now = Stopwatch.GetTimestamp();
        bool posted = false;
        while (queue.Pending.TryPeek(out PendingCompletion next) && next.DueTicks <= now)
        {
            queue.Pending.TryDequeue(out _);
            Post(queue, next);
            posted = true;
        }

        if (posted)
        {
            queue.SignalReadable();
        }

        return !queue.Pending.IsEmpty;
    }

    private void Execute(ModelQueue queue, int slot)
    {
        Span<byte> sqe = new(queue.Dus + ((long)slot * ModelQueue.SqeSize), ModelQueue.SqeSize);
        DeviceFault fault = _model.NextFault();
        ModelCodec.Process(queue, sqe, _model.Options, fault);
        if (fault == DeviceFault.Stall)
        {
            queue.Stalled = true;
            return;
        }

        if (fault == DeviceFault.TxStop)
        {
            queue.SetStopWord(QmAbi.TxStopFromEnd);
        }

        long due = Stopwatch.GetTimestamp() + (long)(_model.Options.RequestLatency.TotalSeconds * Stopwatch.Frequency);
        queue.Pending.Enqueue(new PendingCompletion(slot, due, fault == DeviceFault.BadSqHead, fault == DeviceFault.RxStop));
    }

    private void Post(ModelQueue queue, PendingCompletion completion)
    {
        if (completion.RxStop)
        {
            queue.SetStopWord(QmAbi.RxStopFromEnd);
        }

        long cqBase = (long)ModelQueue.SqeSize * ModelQueue.Depth;
        byte* cqe = queue.Dus + cqBase + ((long)queue.CqTail * QmAbi.CqeSize);
        *(ushort*)(cqe + QmAbi.CqeSqHeadOffset) = (ushort)(completion.BadSqHead ? ModelQueue.Depth + 5 : completion.Slot);
        *(ushort*)(cqe + 10) = (ushort)queue.Id;

        // The phase word last, after a barrier: the driver reads everything else only once it flips.
        Interlocked.MemoryBarrier();
        Volatile.Write(ref *(ushort*)(cqe + QmAbi.CqePhaseOffset), (ushort)queue.Phase);
        queue.CqTail++;
        if (queue.CqTail == ModelQueue.Depth)
        {
            queue.CqTail = 0;
            queue.Phase ^= 1;
        }

        Interlocked.Increment(ref _completed);
    }

    public void Dispose()
    {
        _stopping = true;
        Wake();
        _thread.Join();
        _wake.Dispose();
    }
}
