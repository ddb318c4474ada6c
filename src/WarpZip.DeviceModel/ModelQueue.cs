using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading;
using WarpZip.Hardware.HisiQm;
using WarpZip.Hardware.Uacce;

namespace WarpZip.DeviceModel;

/// <summary>
/// One open queue file of the model, with the kernel's rules: regions mapped once each (EEXIST), the
/// DUS only at its exact size, START_Q only from INIT, PUT_Q to ZOMBIE, ENXIO afterwards. Its memory
/// is native and page-aligned, as a mapping would be. <see cref="Sync"/> guards it against the engine.
/// </summary>
internal sealed unsafe class ModelQueue : IUacceQueueFile
{
    public const int SqeSize = 128;
    public const int Depth = 1024;

    private const ulong StaticShareDmaBase = 0x0000_4000_0000_0000;

    private readonly HisiZipDeviceModel _model;
    private readonly byte*[] _regions = new byte*[3];
    private readonly nuint[] _lengths = new nuint[3];
    private readonly SemaphoreSlim _readable = new(0);
    private State _state = State.Init;
    private bool _released;

    public ModelQueue(HisiZipDeviceModel model, int id)
    {
        _model = model;
        Id = id;
    }

    private enum State
    {
        Zombie,
        Init,
        Started,
    }

    public object Sync { get; } = new();

    public int Id { get; }

    public int QcType { get; private set; }

    public bool IsStarted => _state == State.Started;

    /// <summary>Doorbell stores, in the order the driver made them.</summary>
    public ConcurrentQueue<ulong> Doorbells { get; } = new();

    public byte* Dus => _regions[(int)UacceRegion.DeviceUserShare];

    public nuint DusLength => _lengths[(int)UacceRegion.DeviceUserShare];

    public byte* Mmio => _regions[(int)UacceRegion.Mmio];

    // ---- Engine-side ring state (touched only by the engine thread, under Sync) ----------------
    public int SqHead { get; set; }

    public int SqTail { get; set; }

    public int CqTail { get; set; }

    public int Phase { get; set; } = 1;

    public bool Stalled { get; set; }

    public ConcurrentQueue<PendingCompletion> Pending { get; } = new();

    public int Ioctl(uint request, void* argument, out int errno)
    {
        lock (Sync)
        {
            errno = Handle(request, argument, out int result);
            return errno == 0 ? result : -1;
        }
    }

    private int Handle(uint request, void* argument, out int result)
    {
        result = 0;
        if (_state == State.Zombie)
        {
            return Errno.NoSuchDeviceOrAddress;
        }

        if (request == UacceIoctl.StartQueue)
        {
            if (_state != State.Init || Dus is null || Mmio is null)
            {
                return Errno.Invalid;
            }

            _state = State.Started;
            return 0;
        }

        if (request == UacceIoctl.PutQueue)
        {
            _state = State.Zombie;
            Release();
            return 0;
        }

        if (request == QmAbi.SetQpContext)
        {
            var context = (HisiQpContext*)argument;
            if (context is null)
            {
                return Errno.BadAddress;
            }

            if (context->QcType > 1 || _state != State.Init)
            {
                return Errno.Invalid;
            }

            QcType = context->QcType;
            context->Id = (ushort)(Id & 0x3FF);
            return 0;
        }

        if (request == QmAbi.SetQpInfo)
        {
            var info = (HisiQpInfo*)argument;
            if (info is null)
            {
                return Errno.BadAddress;
            }

            *info = new HisiQpInfo { SqeSize = SqeSize, SqDepth = Depth, CqDepth = Depth };
            return 0;
        }

        if (request == UacceIoctl.GetStaticShareDma)
        {
            var slot = (ulong*)argument;
            byte* share = _regions[(int)UacceRegion.StaticShare];
            if (slot is null || share is null || *slot != 0)
            {
                return Errno.Invalid;
            }

            // One slice (IOMMU mode): its DMA address with the size in 64 KiB units in the low 12 bits.
            *slot = StaticShareDma | (((ulong)_lengths[(int)UacceRegion.StaticShare] >> 16) & 0xFFF);
            result = 0;
            return 0;
        }

        return Errno.Invalid;
    }

    private ulong StaticShareDma => StaticShareDmaBase + ((ulong)Id << 32);

    /// <summary>Translates an address from an SQE into the model's view, as the IOMMU would.</summary>
    public byte* Translate(ulong deviceAddress, uint length)
    {
        if (_model.Options.Sva)
        {
            return (byte*)deviceAddress;
        }

        byte* share = _regions[(int)UacceRegion.StaticShare];
        ulong size = _lengths[(int)UacceRegion.StaticShare];
        if (share is null || deviceAddress < StaticShareDma || deviceAddress - StaticShareDma + length > size)
        {
            return null; // an IOMMU fault on a real device
        }

        return share + (deviceAddress - StaticShareDma);
    }

    public nint Map(UacceRegion region, nuint length, out int errno)
    {
        lock (Sync)
        {
            errno = 0;
            int index = (int)region;
            if (_state == State.Zombie)
            {
                errno = Errno.NoSuchDeviceOrAddress;
                return 0;
            }

            if (index is < 0 or > 2 || (region == UacceRegion.StaticShare && _model.Options.Sva))
            {
                errno = Errno.Invalid;
                return 0;
            }

            if (_regions[index] is not null)
            {
                errno = Errno.Exists;
                return 0;
            }

            bool sizeOk = region switch
            {
                UacceRegion.DeviceUserShare => (long)length == _model.DusSize,
                UacceRegion.Mmio => length > 0 && (long)length <= _model.MmioSize,
                _ => length > 0,
            };
            if (!sizeOk)
            {
                errno = Errno.Invalid;
                return 0;
            }

            byte* memory = (byte*)NativeMemory.AlignedAlloc(length, (nuint)_model.PageSize);
            NativeMemory.Clear(memory, length);
            _regions[index] = memory;
            _lengths[index] = length;
            return (nint)memory;
        }
    }

    public int Unmap(nint address, nuint length)
    {
        lock (Sync)
        {
            for (int index = 0; index < _regions.Length; index++)
            {
                if ((nint)_regions[index] == address && _lengths[index] == length)
                {
                    NativeMemory.AlignedFree(_regions[index]);
                    _regions[index] = null;
                    _lengths[index] = 0;
                    if (index != (int)UacceRegion.StaticShare)
                    {
                        _state = _state == State.Started ? State.Zombie : _state; // rings gone: nothing to run
                    }

                    return 0;
                }
            }

            return Errno.Invalid;
        }
    }

    public void WriteRegister(ulong* register, ulong value)
    {
        Volatile.Write(ref *register, value);
        Doorbells.Enqueue(value);
        _model.Engine.Wake();
    }

    public int WaitReadable(int timeoutMilliseconds) => _readable.Wait(timeoutMilliseconds) ? 1 : 0;

    /// <summary>The engine posted completions: wake a poll().</summary>
    public void SignalReadable()
    {
        if (_readable.CurrentCount == 0)
        {
            _readable.Release();
        }
    }

    public void SetStopWord(int fromEnd) => Volatile.Write(ref *(uint*)(Dus + DusLength - (nuint)fromEnd), 1u);

    private void Release()
    {
        if (!_released)
        {
            _released = true;
            _model.Released(this);
        }
    }

    public void Dispose()
    {
        lock (Sync)
        {
            _state = State.Zombie;
            for (int index = 0; index < _regions.Length; index++)
            {
                if (_regions[index] is not null)
                {
                    NativeMemory.AlignedFree(_regions[index]);
                    _regions[index] = null;
                }
            }

            Release();
        }

        _readable.Dispose();
    }
}

/// <summary>A completion the engine has computed and will post when its modelled latency has passed.</summary>
internal readonly record struct PendingCompletion(int Slot, long DueTicks, bool BadSqHead, bool RxStop);
