namespace WarpZip.Hardware.Uacce;

/// <summary>
/// ioctl request numbers, computed from Linux's generic _IOC encoding (x86-64 and arm64):
/// direction &lt;&lt; 30 | size &lt;&lt; 16 | type &lt;&lt; 8 | number, with write = 1 and read = 2.
/// The mainline uacce ABI; the hisi_qm commands live with the QM layer.
/// </summary>
internal static class UacceIoctl
{
    private const uint DirectionNone = 0;
    private const uint DirectionWrite = 1;
    private const uint DirectionRead = 2;

    public static uint Encode(uint direction, char type, uint number, uint size) =>
        (direction << 30) | (size << 16) | ((uint)type << 8) | number;

    public static uint None(char type, uint number) => Encode(DirectionNone, type, number, 0);

    public static uint Read(char type, uint number, uint size) => Encode(DirectionRead, type, number, size);

    public static uint ReadWrite(char type, uint number, uint size) => Encode(DirectionRead | DirectionWrite, type, number, size);

    /// <summary>UACCE_CMD_START_Q = _IO('W', 0): INIT → STARTED; EINVAL in any other state.</summary>
    public static readonly uint StartQueue = None('W', 0);

    /// <summary>UACCE_CMD_PUT_Q = _IO('W', 1): stops and frees the hardware queue at once.</summary>
    public static readonly uint PutQueue = None('W', 1);

    /// <summary>openEuler UACCE_CMD_GET_SS_DMA = _IOR('W', 3, unsigned long): one SS slice's DMA address.</summary>
    public static readonly uint GetStaticShareDma = Read('W', 3, sizeof(ulong));
}

/// <summary>The mmap regions of a queue file, selected by page offset.</summary>
internal enum UacceRegion
{
    /// <summary>Device registers: the doorbell page(s).</summary>
    Mmio = 0,

    /// <summary>Device-user share: the SQ and CQ rings (and the status page on newer kernels).</summary>
    DeviceUserShare = 1,

    /// <summary>openEuler's static share region for non-SVA devices: buffers with DMA addresses.</summary>
    StaticShare = 2,
}

/// <summary>Bits of the sysfs <c>flags</c> attribute (mainline plus the openEuler extensions).</summary>
[System.Flags]
internal enum UacceDeviceFlags
{
    None = 0,

    /// <summary>Shared virtual addressing: process virtual addresses go into requests.</summary>
    Sva = 0x1,

    /// <summary>openEuler: no IOMMU; requests carry physical addresses from the SS region.</summary>
    NoIommu = 0x2,

    /// <summary>openEuler: behind an IOMMU without SVA; requests carry SS-region IOVAs.</summary>
    Iommu = 0x80,
}
