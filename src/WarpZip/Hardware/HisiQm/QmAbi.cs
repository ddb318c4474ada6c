using System.Runtime.InteropServices;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Hardware.HisiQm;

/// <summary>struct hisi_qp_ctx (uapi misc/uacce/hisi_qm.h): 4 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HisiQpContext
{
    /// <summary>Out: the hardware queue number within the PCI function (qn in doorbells).</summary>
    public ushort Id;

    /// <summary>In: the queue's direction for ZIP: 0 = compression, 1 = decompression.</summary>
    public ushort QcType;
}

/// <summary>struct hisi_qp_info: 16 bytes, 8-aligned. Despite the name, SET_QP_INFO only reads it back.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HisiQpInfo
{
    public uint SqeSize;
    public ushort SqDepth;
    public ushort CqDepth;
    public ulong Reserved;
}

/// <summary>The QM's constants and ioctls.</summary>
internal static class QmAbi
{
    /// <summary>UACCE_CMD_QM_SET_QP_CTX = _IOWR('H', 10, struct hisi_qp_ctx).</summary>
    public static readonly uint SetQpContext = UacceIoctl.ReadWrite('H', 10, 4);

    /// <summary>UACCE_CMD_QM_SET_QP_INFO = _IOWR('H', 11, struct hisi_qp_info).</summary>
    public static readonly uint SetQpInfo = UacceIoctl.ReadWrite('H', 11, 16);

    /// <summary>What UADK assumes when SET_QP_INFO is missing (kernels before it existed).</summary>
    public const int DefaultDepth = 1024;

    public const int CqeSize = 16;
    public const int CqeSqHeadOffset = 8;
    public const int CqePhaseOffset = 14;

    public const int DoorbellOffsetV1 = 0x340;
    public const int DoorbellOffsetV2 = 0x1000;

    public const int DoorbellCommandSq = 0;
    public const int DoorbellCommandCq = 1;

    /// <summary>Byte offsets from the end of the DUS of the queue-stop words (newer kernels).</summary>
    public const int TxStopFromEnd = 4;
    public const int RxStopFromEnd = 8;

    public static int DoorbellOffset(int qmVersion) => qmVersion == 1 ? DoorbellOffsetV1 : DoorbellOffsetV2;

    /// <summary>
    /// The 64-bit doorbell value. v1: qn in bits 0-15, cmd from bit 16. v2 and later: qn in bits 0-9,
    /// cmd in bits 12-15. Both: index in bits 32-47, priority from bit 48.
    /// </summary>
    public static ulong Doorbell(int qmVersion, int queueNumber, int command, int index, int priority)
    {
        ulong low = qmVersion == 1
            ? (ulong)(ushort)queueNumber | ((ulong)(uint)command << 16)
            : ((ulong)queueNumber & 0x3FF) | (((ulong)command & 0xF) << 12);
        return low | ((ulong)(ushort)index << 32) | ((ulong)(byte)priority << 48);
    }
}
