using System;
using System.Buffers.Binary;
using WarpZip.Hardware.HisiZip;

namespace WarpZip.Tests.Hardware;

public class ZipSqeTests
{
    private static uint Dword(ReadOnlySpan<byte> sqe, int index) => BinaryPrimitives.ReadUInt32LittleEndian(sqe[(index * 4)..]);

    [Fact]
    public void Block_request_on_qm_v2_matches_the_worked_example()
    {
        // ABI notes §3.13: 65536 bytes at S, output at D + 2 with 73742 bytes of room, tag in dw13.
        byte[] sqe = new byte[ZipSqe.Size];
        Array.Fill(sqe, (byte)0xEE); // every unused dword must come out zero
        const ulong source = 0x0000_FFFF_1234_5000;
        const ulong destination = 0x0000_AAAA_0000_1002;
        ZipSqe.WriteBlockRequest(sqe, qmVersion: 2, new ZipRequest(ZipAlgorithm.Zlib, source, 0x10000, destination, 73742, Tag: 77, Compress: true));

        Assert.Equal(0x10000u, Dword(sqe, 4));
        Assert.Equal(0x0A000000u, Dword(sqe, 7));   // FINISH | NEW, SQE type 0
        Assert.Equal(0x0002u, Dword(sqe, 9));       // zlib, flat buffers, window field untouched on v2
        Assert.Equal(77u, Dword(sqe, 13));
        Assert.Equal(73742u, Dword(sqe, 14));
        Assert.Equal(0x12345000u, Dword(sqe, 18));
        Assert.Equal(0x0000FFFFu, Dword(sqe, 19));
        Assert.Equal(0x00001002u, Dword(sqe, 20));
        Assert.Equal(0x0000AAAAu, Dword(sqe, 21));
        foreach (int unused in new[] { 0, 1, 2, 3, 5, 6, 8, 10, 11, 12, 15, 16, 17, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 })
        {
            Assert.Equal(0u, Dword(sqe, unused));
        }
    }

    [Fact]
    public void Qm_v3_uses_sqe_type_3_and_the_dw26_tag()
    {
        byte[] sqe = new byte[ZipSqe.Size];
        ZipSqe.WriteBlockRequest(sqe, qmVersion: 3, new ZipRequest(ZipAlgorithm.Gzip, 1, 2, 3, 400, Tag: 9, Compress: true));
        Assert.Equal(0x3A000000u, Dword(sqe, 7));
        Assert.Equal(0x4003u, Dword(sqe, 9)); // gzip with a 32 KiB window
        Assert.Equal(0u, Dword(sqe, 13));
        Assert.Equal(9u, Dword(sqe, 26));
    }

    [Fact]
    public void Results_are_read_back_by_generation()
    {
        byte[] sqe = new byte[ZipSqe.Size];
        ZipSqe.WriteBlockRequest(sqe, qmVersion: 2, new ZipRequest(ZipAlgorithm.Gzip, 1, 2, 3, 400, Tag: 5, Compress: false));
        ZipSqe.WriteResult(sqe, consumed: 2, produced: 300, ZipStatus.DecompressEnd, lastBlock: true, checksum: 0xABCD, isize: 300);
        ZipResult result = ZipSqe.ReadResult(sqe, qmVersion: 2);
        Assert.Equal(new ZipResult(2, 300, ZipStatus.DecompressEnd, true, 5, 0xABCD, 300), result);
        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(0x00, true)]
    [InlineData(0x0D, true)]
    [InlineData(0x13, true)]
    [InlineData(0x0E, false)]
    [InlineData(0x10, false)]
    [InlineData(0x05, false)]
    public void Status_classification(byte status, bool succeeded) =>
        Assert.Equal(succeeded, new ZipResult(0, 0, (ZipStatus)status, false, 0, 0, 0).Succeeded);
}
