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

    [Theory]
    [InlineData(2, true, false, 0x0C000000u)]   // first piece: NEW | stream mode (UADK's example values)
    [InlineData(2, false, false, 0x04000000u)]  // middle piece: stream mode, sync flush
    [InlineData(2, false, true, 0x06000000u)]   // last piece: stream mode | FINISH
    [InlineData(2, true, true, 0x0E000000u)]    // first and last
    [InlineData(3, false, true, 0x36000000u)]   // QM v3 adds SQE type 3
    public void Stream_requests_set_the_dw7_stream_bits(int qmVersion, bool first, bool finish, uint expectedDw7)
    {
        byte[] sqe = new byte[ZipSqe.Size];
        var carried = new ZipStreamState(CtxDw0: 0x81, CtxDw1: 0x22, CtxDw2: 0x8000, Isize: 123456, Checksum: 0xCAFEBABE);
        var step = new ZipStreamStep(first, finish, ContextAddress: 0x0000_1234_5678_9040, carried);
        ZipSqe.WriteStreamRequest(sqe, qmVersion, new ZipRequest(ZipAlgorithm.Gzip, 1, 2, 3, 400, Tag: 4, Compress: true), step);

        Assert.Equal(expectedDw7, Dword(sqe, 7));
        Assert.Equal(0x56789040u, Dword(sqe, 22)); // stream_ctx_addr: the hardware area (buffer + 64)
        Assert.Equal(0x00001234u, Dword(sqe, 23));
        ZipStreamState written = ZipSqe.ReadStreamState(sqe);
        Assert.Equal(first ? default : carried, written); // a new stream starts from zero words
        Assert.Equal(first ? 0u : 0x81u, Dword(sqe, 15));
        Assert.Equal(first ? 0u : 0x22u, Dword(sqe, 28));
        Assert.Equal(first ? 0u : 0x8000u, Dword(sqe, 29));
        Assert.Equal(first ? 0u : 123456u, Dword(sqe, 30));
        Assert.Equal(first ? 0u : 0xCAFEBABEu, Dword(sqe, 31));
        Assert.True(ZipSqe.IsStreamMode(sqe));
        Assert.Equal(first, ZipSqe.IsNewStream(sqe));
        Assert.Equal(finish, ZipSqe.IsFinish(sqe));
    }

    [Fact]
    public void Block_requests_are_not_stream_mode()
    {
        byte[] sqe = new byte[ZipSqe.Size];
        ZipSqe.WriteBlockRequest(sqe, qmVersion: 2, new ZipRequest(ZipAlgorithm.Gzip, 1, 2, 3, 400, Tag: 5, Compress: true));
        Assert.False(ZipSqe.IsStreamMode(sqe));
        Assert.True(ZipSqe.IsNewStream(sqe));
        Assert.True(ZipSqe.IsFinish(sqe));
        Assert.Equal(0ul, ZipSqe.StreamContextAddress(sqe));
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
