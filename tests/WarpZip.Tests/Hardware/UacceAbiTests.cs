using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WarpZip.Hardware.HisiQm;
using WarpZip.Hardware.Uacce;
using WarpZip.Software;

namespace WarpZip.Tests.Hardware;

/// <summary>The C static asserts of the ABI: numbers and layouts the kernel and the shim expect.</summary>
public class UacceAbiTests
{
    [Fact]
    public void Ioctl_numbers_follow_the_IOC_encoding()
    {
        Assert.Equal(0x00005700u, UacceIoctl.StartQueue);
        Assert.Equal(0x00005701u, UacceIoctl.PutQueue);
        Assert.Equal(0x80085703u, UacceIoctl.GetStaticShareDma);
        Assert.Equal(0xC004480Au, QmAbi.SetQpContext);
        Assert.Equal(0xC010480Bu, QmAbi.SetQpInfo);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public unsafe void Struct_layouts_match_the_kernel_headers()
    {
        Assert.Equal(4, sizeof(HisiQpContext));
        Assert.Equal(0, (int)Marshal.OffsetOf<HisiQpContext>(nameof(HisiQpContext.Id)));
        Assert.Equal(2, (int)Marshal.OffsetOf<HisiQpContext>(nameof(HisiQpContext.QcType)));

        Assert.Equal(16, sizeof(HisiQpInfo));
        Assert.Equal(4, (int)Marshal.OffsetOf<HisiQpInfo>(nameof(HisiQpInfo.SqDepth)));
        Assert.Equal(6, (int)Marshal.OffsetOf<HisiQpInfo>(nameof(HisiQpInfo.CqDepth)));
        Assert.Equal(8, (int)Marshal.OffsetOf<HisiQpInfo>(nameof(HisiQpInfo.Reserved)));

        Assert.Equal(8, sizeof(LibC.PollFd));
        Assert.Equal(4, (int)Marshal.OffsetOf<LibC.PollFd>(nameof(LibC.PollFd.Events)));
    }

    [Fact]
    public unsafe void Zstream_matches_the_dotnet_shim_layout()
    {
        // PAL_ZStream: four pointers, then avail_in and avail_out as 32-bit values.
        Assert.Equal((2 * sizeof(nint)) + (2 * sizeof(nint)) + 8, sizeof(ZLibNative.ZStream));
        Assert.Equal(4 * sizeof(nint), (int)Marshal.OffsetOf<ZLibNative.ZStream>(nameof(ZLibNative.ZStream.AvailIn)));
    }

    [Theory]
    // Worked examples from the ABI notes (qn = 5).
    [InlineData(2, 0, 1, 0, 0x0000000100000005UL)]  // v2 SQ doorbell after filling slot 0
    [InlineData(2, 1, 1, 1, 0x0001000100001005UL)]  // v2 CQ doorbell after CQE 0, priority 1
    [InlineData(1, 0, 1, 0, 0x0000000100000005UL)]  // v1 SQ
    [InlineData(1, 1, 1, 1, 0x0001000100010005UL)]  // v1 CQ, priority 1
    [InlineData(3, 0, 1023, 0, 0x000003FF00000005UL)]
    public void Doorbell_values_match_the_worked_examples(int version, int command, int index, int priority, ulong expected)
    {
        Assert.Equal(expected, QmAbi.Doorbell(version, queueNumber: 5, command, index, priority));
    }

    [Fact]
    public void V2_doorbell_keeps_only_ten_bits_of_the_queue_number()
    {
        Assert.Equal(0x3FFUL, QmAbi.Doorbell(2, 0xFFFF, 0, 0, 0) & 0xFFFF);
        Assert.Equal(0xFFFFUL, QmAbi.Doorbell(1, 0xFFFF, 0, 0, 0) & 0xFFFF);
    }

    [Theory]
    [InlineData(1, 0x340)]
    [InlineData(2, 0x1000)]
    [InlineData(3, 0x1000)]
    public void Doorbell_offsets_by_queue_version(int version, int offset) =>
        Assert.Equal(offset, QmAbi.DoorbellOffset(version));

    [Theory]
    [InlineData("hisi_qm_v1", 1)]
    [InlineData("hisi_qm_v2", 2)]
    [InlineData("hisi_qm_v3", 3)]
    [InlineData("hisi_qm_v5", 5)]
    [InlineData("hisi_qm_v2_noiommu", 2)]
    [InlineData("hisi_qm_v", 0)]
    [InlineData("hisi_sec2", 0)]
    [InlineData("", 0)]
    public void Qm_version_comes_from_the_api_string(string api, int version) =>
        Assert.Equal(version, UacceDevice.ParseQmVersion(api));
}
