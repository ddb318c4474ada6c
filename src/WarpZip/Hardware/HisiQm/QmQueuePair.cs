using System;
using System.Threading;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Hardware.HisiQm;

/// <summary>Which ZIP cores a queue feeds: set once with SET_QP_CTX before START_Q.</summary>
internal enum QueueDirection : ushort
{
    Compress = 0,
    Decompress = 1,
}

/// <summary>
/// A started HiSilicon QM queue pair: the SQ and CQ rings in the DUS mapping and the doorbell in
/// the MMIO mapping. One producer and one consumer (the owning engine worker); no system call on the
/// data path. Field ownership: software writes SQEs and both doorbells; the device writes results into
/// the SQE slots and the CQEs (with the phase bit); the kernel writes the stop words.
/// </summary>
internal sealed unsafe class QmQueuePair : IDisposable
{
    private readonly UacceQueue _queue;
    private readonly int _version;
    private readonly ushort _queueNumber;
    private readonly int _sqeSize;
    private readonly int _sqDepth;
    private readonly int _cqDepth;
    private byte* _sq;
    private byte* _cq;
    private ulong* _doorbell;
    private uint* _txStop;
    private uint* _rxStop;
    private int _sqTail;
    private int _cqHead;
    private int _phase = 1;
    private int _inFlight;

    private QmQueuePair(UacceQueue queue, int version, ushort queueNumber, int sqeSize, int sqDepth, int cqDepth)
    {
        _queue = queue;
        _version = version;
        _queueNumber = queueNumber;
        _sqeSize = sqeSize;
        _sqDepth = sqDepth;
        _cqDepth = cqDepth;
    }

    public UacceDevice Device => _queue.Device;

    public int QmVersion => _version;

    public int SqeSize => _sqeSize;

    /// <summary>Requests that may be in flight: one slot always stays empty.</summary>
    public int Capacity => _sqDepth - 1;

    public int InFlight => _inFlight;

    /// <summary>Brings a queue up: open, map DUS and MMIO, SET_QP_CTX, SET_QP_INFO (or defaults), START_Q.</summary>
    public static QmQueuePair Open(WarpZipDeviceProvider provider, UacceDevice device, QueueDirection direction, int expectedSqeSize)
    {
        UacceQueue queue = UacceQueue.Open(provider, device);
        try
        {
            MappedRegion dus = queue.Map(UacceRegion.DeviceUserShare, (nuint)device.DusSize);
            MappedRegion mmio = queue.Map(UacceRegion.Mmio, (nuint)device.MmioSize);

            var context = new HisiQpContext { QcType = (ushort)direction };
            _ = queue.Ioctl(QmAbi.SetQpContext, &context, "ioctl(UACCE_CMD_QM_SET_QP_CTX)");

            var info = default(HisiQpInfo);
            if (queue.TryIoctl(QmAbi.SetQpInfo, &info) != 0)
            {
                info = new HisiQpInfo { SqeSize = (uint)expectedSqeSize, SqDepth = QmAbi.DefaultDepth, CqDepth = QmAbi.DefaultDepth };
            }

            if (info.SqeSize != expectedSqeSize || info.SqDepth < 2 || info.CqDepth < 2)
            {
                throw queue.Failure($"SET_QP_INFO reported sqe_size {info.SqeSize}, depths {info.SqDepth}/{info.CqDepth}", Errno.Invalid);
            }

            var pair = new QmQueuePair(queue, device.QmVersion, context.Id, (int)info.SqeSize, info.SqDepth, info.CqDepth);
            pair.Bind(dus, mmio, queue.PageSize);
            queue.Start();
            return pair;
        }
        catch
        {
            queue.Dispose();
            throw;
        }
    }

    // Every pointer is derived from a range-checked offset inside its mapping.
    private void Bind(MappedRegion dus, MappedRegion mmio, int pageSize)
    {
        ulong sqBytes = (ulong)_sqeSize * (ulong)_sqDepth;
        ulong cqBytes = (ulong)QmAbi.CqeSize * (ulong)_cqDepth;
        _sq = dus.At(0, sqBytes);
        _cq = dus.At(sqBytes, cqBytes);

        // The status page exists only on kernels that reserve one more page after the rings.
        ulong rings = AlignUp(sqBytes + cqBytes, (ulong)pageSize);
        if ((ulong)dus.Length >= rings + (ulong)pageSize)
        {
            _txStop = (uint*)dus.At((ulong)dus.Length - QmAbi.TxStopFromEnd, sizeof(uint));
            _rxStop = (uint*)dus.At((ulong)dus.Length - QmAbi.RxStopFromEnd, sizeof(uint));
        }

        _doorbell = (ulong*)mmio.At((ulong)QmAbi.DoorbellOffset(_version), sizeof(ulong));
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>The slot the next request goes into, or an empty span when the ring is full.</summary>
    public Span<byte> NextSlot(out int slot)
    {
        slot = _sqTail;
        return _inFlight >= Capacity ? default : new Span<byte>(_sq + ((long)_sqTail * _sqeSize), _sqeSize);
    }

    /// <summary>Rings the SQ doorbell for the slot <see cref="NextSlot"/> returned, now filled.</summary>
    public void Submit()
    {
        if (_txStop is not null && Volatile.Read(ref *_txStop) != 0)
        {
            throw new QueueStoppedException($"The kernel stopped queue {_queueNumber} on {Device.Name} (TX stop).");
        }

        _sqTail = (_sqTail + 1) % _sqDepth;
        _inFlight++;

        // The SQE stores must be visible to the device before the doorbell: full barrier, then one 64-bit store.
        Interlocked.MemoryBarrier();
        _queue.WriteRegister(_doorbell, QmAbi.Doorbell(_version, _queueNumber, QmAbi.DoorbellCommandSq, _sqTail, priority: 0));
    }

    /// <summary>
    /// Takes the next completion if its phase bit says it is new: the SQ slot that now holds the
    /// results. <paramref name="interruptOnNext"/> asks the device to raise an interrupt for the next
    /// completion (the CQ doorbell's priority bit), for callers that will sleep in poll().
    /// </summary>
    public bool TryComplete(out int slot, bool interruptOnNext = false)
    {
        slot = -1;
        byte* cqe = _cq + ((long)_cqHead * QmAbi.CqeSize);
        ushort phaseWord = Volatile.Read(ref *(ushort*)(cqe + QmAbi.CqePhaseOffset));
        if ((phaseWord & 1) != _phase)
        {
            return false;
        }

        // Volatile.Read is an acquire: the sq_head and SQE reads below cannot move before it.
        int sqHead = Volatile.Read(ref *(ushort*)(cqe + QmAbi.CqeSqHeadOffset));
        if (sqHead >= _sqDepth)
        {
            throw new QueueProtocolException($"{Device.Name} completed SQ slot {sqHead}, outside the ring of {_sqDepth}.");
        }

        if (_cqHead == _cqDepth - 1)
        {
            _cqHead = 0;
            _phase ^= 1;
        }
        else
        {
            _cqHead++;
        }

        if (_rxStop is not null && Volatile.Read(ref *_rxStop) != 0)
        {
            throw new QueueStoppedException($"The kernel stopped queue {_queueNumber} on {Device.Name} (RX stop).");
        }

        Interlocked.MemoryBarrier();
        _queue.WriteRegister(_doorbell, QmAbi.Doorbell(_version, _queueNumber, QmAbi.DoorbellCommandCq, _cqHead, interruptOnNext ? 1 : 0));
        _inFlight--;
        slot = sqHead;
        return true;
    }

    /// <summary>True when the CQE at the head is new (its phase bit matches): a completion is waiting.</summary>
    public bool CompletionReady
    {
        get
        {
            byte* cqe = _cq + ((long)_cqHead * QmAbi.CqeSize);
            return (Volatile.Read(ref *(ushort*)(cqe + QmAbi.CqePhaseOffset)) & 1) == _phase;
        }
    }

    /// <summary>
    /// Asks the device to interrupt on the next completion, so a poll() on the queue file can sleep:
    /// a CQ doorbell at the unchanged head with the priority bit set, as the kernel writes after
    /// draining its own queues (ABI notes §2.8; HiSilicon does not document the bit). Returns true if
    /// a completion arrived before the doorbell, which poll() would not report.
    /// </summary>
    public bool ArmCompletionInterrupt()
    {
        Interlocked.MemoryBarrier();
        _queue.WriteRegister(_doorbell, QmAbi.Doorbell(_version, _queueNumber, QmAbi.DoorbellCommandCq, _cqHead, priority: 1));
        return CompletionReady;
    }

    /// <summary>The SQE in <paramref name="slot"/>, which holds the device's results after completion.</summary>
    public ReadOnlySpan<byte> Slot(int slot) => new(_sq + ((long)slot * _sqeSize), _sqeSize);

    /// <summary>Buffers the device can address, in the mode this device needs (SVA or static share).</summary>
    public ShareMemory CreateShareMemory(int bufferSize, int bufferCount) => ShareMemory.Create(_queue, bufferSize, bufferCount);

    /// <summary>Sleeps until the device signals completions (poll) or the timeout passes.</summary>
    public bool WaitForCompletions(int timeoutMilliseconds) => _queue.WaitForCompletions(timeoutMilliseconds);

    public void Dispose()
    {
        _sq = null;
        _cq = null;
        _doorbell = null;
        _txStop = null;
        _rxStop = null;
        _queue.Dispose();
    }
}
