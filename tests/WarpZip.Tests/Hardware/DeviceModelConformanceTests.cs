using System;
using System.IO;
using System.IO.Compression;
using WarpZip.DeviceModel;
using WarpZip.Tests.Conformance;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Hardware;

/// <summary>
/// One device model for one conformance class: every stream the class creates offloads to it, and it
/// is closed when the class is done.
/// </summary>
public sealed class ConformanceDeviceModelFixture : IDisposable
{
    /// <summary>A default model: QM v2 (Kunpeng 920), SVA, 8 queues, no latency.</summary>
    public HisiZipDeviceModel Model { get; } = new();

    public void Dispose() => Model.Dispose();
}

/// <summary>
/// The whole stream contract with the hardware path on the device model: each derived class's streams
/// carry <c>WarpZipOptions { Devices = model, ChunkSize = 65536 }</c> (Backend Auto), so every request the
/// device can take (indexed gzip members; a whole stream of one chunk) runs on it. Output made by the
/// device comes from another compressor, so byte-identity with System.IO.Compression is not expected;
/// everything else is.
/// </summary>
public abstract class DeviceModelConformance : CompressionStreamConformance
{
    protected DeviceModelConformance(ConformanceDeviceModelFixture fixture, WarpZipFraming framing)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        Model = fixture.Model;
        Framing = framing;
        ModelOptions = new WarpZipOptions { Devices = Model, ChunkSize = 65536, Framing = framing };
    }

    protected HisiZipDeviceModel Model { get; }

    /// <summary>The options the parameterless-options constructors (the <see cref="StreamFactory"/>) use.</summary>
    protected WarpZipOptions ModelOptions { get; }

    /// <summary>The gzip framing this class compresses with (SingleMember for zlib).</summary>
    protected WarpZipFraming Framing { get; }

    protected override bool ExpectsBclIdenticalOutput => false;

    protected override bool HardwareAvailable => true;

    /// <summary>Whatever options a test passes, the model is where devices are found (and this class's framing applies).</summary>
    protected WarpZipOptions WithModel(WarpZipOptions options) => options with { Devices = Model, Framing = Framing };

    /// <summary>Compresses <paramref name="data"/> in one write on the model (Optimal); returns the bytes and the statistics after Dispose.</summary>
    protected (byte[] Output, WarpZipStatistics Statistics) CompressOnModel(byte[] data, int degreeOfParallelism)
    {
        using var output = new MemoryStream();
        WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(degreeOfParallelism), true);
        stream.Write(data);
        stream.Dispose();
        return (output.ToArray(), stream.Statistics);
    }

    /// <summary>
    /// Guards the suite itself: the streams it creates really reach the device (a silent software
    /// fallback would make every other test here a repeat of the software suite).
    /// </summary>
    [Fact]
    public void Streams_RunOnTheDeviceModel()
    {
        byte[] data = TestData.Create(DataKind.Text, 40_000);
        long before = Model.CompletedRequests;
        (byte[] output, WarpZipStatistics statistics) = CompressOnModel(data, 2);

        Assert.Equal(1, statistics.HardwareChunks);
        Assert.Equal(0, statistics.FallbackChunks);
        Assert.Empty(statistics.FallbackReasons);
        Assert.True(Model.CompletedRequests > before, "the model completed no request");
        Bytes.Equal(data, BclDecompress(output));
        Bytes.Equal(data, WarpDecompress(output));
    }
}

/// <summary>The gzip factories both gzip framings share on the model.</summary>
public abstract class DeviceModelGZipConformance : DeviceModelConformance
{
    protected DeviceModelGZipConformance(ConformanceDeviceModelFixture fixture, WarpZipFraming framing)
        : base(fixture, framing)
    {
        Warp = DeviceModelFactories.GZip(ModelOptions);
    }

    protected override bool HasChecksum => true;

    protected override StreamFactory Warp { get; }

    protected override StreamFactory Bcl => BclFactories.GZip;

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, mode, WithModel(options), leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, level, WithModel(options), leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, compressionOptions, WithModel(options), leaveOpen);

    protected override byte[] SharpZipCompress(byte[] data, int level) => SharpZipGZip.Compress(data, level);

    protected override byte[] SharpZipDecompress(byte[] compressed) => SharpZipGZip.Decompress(compressed);
}

/// <summary>gzip with one indexed member per chunk: every chunk is its own device request.</summary>
public sealed class DeviceModelGZipIndexedConformanceTests : DeviceModelGZipConformance, IClassFixture<ConformanceDeviceModelFixture>
{
    public DeviceModelGZipIndexedConformanceTests(ConformanceDeviceModelFixture fixture)
        : base(fixture, WarpZipFraming.IndexedMembers)
    {
    }


    [Fact]
    public void MultiChunk_EveryMemberRunsOnTheDevice()
    {
        byte[] data = TestData.Create(DataKind.Binary, 3 * Chunk + 99);
        (byte[] output, WarpZipStatistics statistics) = CompressOnModel(data, 2);

        Assert.Equal(4, statistics.Chunks);
        Assert.Equal(4, statistics.HardwareChunks);
        Assert.Equal(0, statistics.FallbackChunks);
        Assert.Equal(4, GZipMembers.ParseIndexed(output).Count);
        Bytes.Equal(data, BclDecompress(output));
        Bytes.Equal(data, SharpZipDecompress(output));
    }
}

/// <summary>Single-member gzip: a one-chunk stream is one block request; a longer one is one stateful device stream.</summary>
public sealed class DeviceModelGZipSingleMemberConformanceTests : DeviceModelGZipConformance, IClassFixture<ConformanceDeviceModelFixture>
{
    public DeviceModelGZipSingleMemberConformanceTests(ConformanceDeviceModelFixture fixture)
        : base(fixture, WarpZipFraming.SingleMember)
    {
    }


    [Fact]
    public void MultiChunk_IsOneDeviceStream_OfStatefulRequests()
    {
        byte[] data = TestData.Create(DataKind.Text, 2 * Chunk + 5);
        (byte[] output, WarpZipStatistics statistics) = CompressOnModel(data, 2);

        Assert.Equal(3, statistics.HardwareChunks);
        Assert.Equal(0, statistics.FallbackChunks);
        Assert.Empty(statistics.FallbackReasons);
        GZipMembers.AssertSingleMember(output);
        Bytes.Equal(data, BclDecompress(output));
        Bytes.Equal(data, SharpZipDecompress(output));
    }

    /// <summary>
    /// The device stream keeps its history from piece to piece: a 16 KiB block repeated across four
    /// chunks costs about one block when every piece may refer back into the previous one, and about
    /// four (one per chunk) if each piece started afresh.
    /// </summary>
    [Fact]
    public void DeviceStream_CarriesHistory_FromPieceToPiece()
    {
        byte[] block = TestData.Create(DataKind.Random, 16 * 1024, seed: 77);
        byte[] data = new byte[4 * Chunk];
        for (int offset = 0; offset < data.Length; offset += block.Length)
        {
            block.CopyTo(data, offset);
        }

        (byte[] output, WarpZipStatistics statistics) = CompressOnModel(data, 1);

        Assert.Equal(4, statistics.HardwareChunks);
        Assert.InRange(output.Length, block.Length, (int)(1.5 * block.Length));
        Bytes.Equal(data, BclDecompress(output));
    }

    [Fact]
    public void Flush_MidStream_EndsAPieceTheReaderCanDecode_AndTheDeviceStreamGoesOn()
    {
        byte[] data = TestData.Create(DataKind.Binary, 3 * Chunk, seed: 78);
        using var output = new MemoryStream();
        WarpCompressionStream stream = CreateWarp(output, CompressionLevel.Optimal, Options(2), true);
        stream.Write(data.AsSpan(0, Chunk + 100));
        stream.Flush();
        long flushedLength = output.Length;
        byte[] prefix = new byte[Chunk + 100];
        new GZipStream(new MemoryStream(output.ToArray()), CompressionMode.Decompress).ReadExactly(prefix);
        stream.Write(data.AsSpan(Chunk + 100));
        stream.Dispose();

        Bytes.Equal(data.AsSpan(0, Chunk + 100).ToArray(), prefix);
        Assert.True(flushedLength > 0);
        Assert.Equal(stream.Statistics.Chunks, stream.Statistics.HardwareChunks);
        Bytes.Equal(data, BclDecompress(output.ToArray()));
    }
}

/// <summary>zlib: a one-chunk stream runs on the device (its DEFLATE body, zlib framing by WarpZip).</summary>
public sealed class DeviceModelZLibConformanceTests : DeviceModelConformance, IClassFixture<ConformanceDeviceModelFixture>
{
    public DeviceModelZLibConformanceTests(ConformanceDeviceModelFixture fixture)
        : base(fixture, WarpZipFraming.SingleMember)
    {
        Warp = DeviceModelFactories.ZLib(ModelOptions);
    }

    protected override bool HasChecksum => true;

    protected override StreamFactory Warp { get; }

    protected override StreamFactory Bcl => BclFactories.ZLib;

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen) =>
        new WarpZLibStream(stream, mode, WithModel(options), leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen) =>
        new WarpZLibStream(stream, level, WithModel(options), leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen) =>
        new WarpZLibStream(stream, compressionOptions, WithModel(options), leaveOpen);

    protected override byte[] SharpZipCompress(byte[] data, int level) => SharpZipDeflate.Compress(data, level, raw: false);

    protected override byte[] SharpZipDecompress(byte[] compressed) => SharpZipDeflate.Decompress(compressed, raw: false);
}

/// <summary>Stream constructors that always pass the device model's options.</summary>
internal static class DeviceModelFactories
{
    public static StreamFactory GZip(WarpZipOptions options) => new(
        nameof(WarpGZipStream) + " (device model)",
        (s, m) => new WarpGZipStream(s, m, options),
        (s, m, leaveOpen) => new WarpGZipStream(s, m, options, leaveOpen),
        (s, l) => new WarpGZipStream(s, l, options),
        (s, l, leaveOpen) => new WarpGZipStream(s, l, options, leaveOpen),
        (s, o, leaveOpen) => new WarpGZipStream(s, o, options, leaveOpen),
        s => ((WarpGZipStream)s).BaseStream);

    public static StreamFactory ZLib(WarpZipOptions options) => new(
        nameof(WarpZLibStream) + " (device model)",
        (s, m) => new WarpZLibStream(s, m, options),
        (s, m, leaveOpen) => new WarpZLibStream(s, m, options, leaveOpen),
        (s, l) => new WarpZLibStream(s, l, options),
        (s, l, leaveOpen) => new WarpZLibStream(s, l, options, leaveOpen),
        (s, o, leaveOpen) => new WarpZLibStream(s, o, options, leaveOpen),
        s => ((WarpZLibStream)s).BaseStream);
}

/// <summary>
/// Regressions for defects found while running the conformance suite on the device model: empty
/// streams (once a crash of the model's engine thread), and indexed members that understate their length
/// (once an IOException from inflating into a full buffer, instead of InvalidDataException).
/// </summary>
public sealed class DeviceModelRegressionTests
{
    [Fact]
    public void EmptyGZipStream_OnTheModel_RoundTrips()
    {
        using var model = new HisiZipDeviceModel();
        using var output = new MemoryStream();
        var stream = new WarpGZipStream(output, CompressionLevel.Optimal, new WarpZipOptions { Devices = model }, leaveOpen: true);
        stream.Dispose();

        Assert.Empty(Bytes.ReadAll(new GZipStream(new MemoryStream(output.ToArray()), CompressionMode.Decompress)));
        Assert.Equal(1, stream.Statistics.Chunks);
    }

    [Fact]
    public void EmptyDeflateStream_OnAQmVersion3Model_RoundTrips()
    {
        using var model = new HisiZipDeviceModel(new DeviceModelOptions { QmVersion = 3 });
        using var output = new MemoryStream();
        var stream = new WarpDeflateStream(output, CompressionLevel.Optimal, new WarpZipOptions { Devices = model }, leaveOpen: true);
        stream.Dispose();

        Assert.Empty(Bytes.ReadAll(new DeflateStream(new MemoryStream(output.ToArray()), CompressionMode.Decompress)));
    }

    /// <summary>
    /// Found by the IndexedMembers conformance class's corruption tests (CorruptByte_*), and not
    /// specific to the device: a member whose WZ index understates its uncompressed length, read by
    /// the parallel decoder (DegreeOfParallelism &gt; 1), fails with IOException ("zlib error -2",
    /// Z_STREAM_ERROR) instead of InvalidDataException. MemberJob keeps calling inflate once its
    /// output span is full, ZInflater pins the empty span as a null next_out, and zlib rejects that.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void IndexedMember_UnderstatingItsLength_ThrowsInvalidDataOrDecodesOriginal(int degreeOfParallelism)
    {
        byte[] data = TestData.Create(DataKind.Text, 5000, seed: 60);
        using var output = new MemoryStream();
        using (var stream = new WarpGZipStream(output, CompressionLevel.Optimal,
            new WarpZipOptions { Backend = WarpZipBackend.Software, Framing = WarpZipFraming.IndexedMembers }, leaveOpen: true))
        {
            stream.Write(data);
        }

        byte[] compressed = output.ToArray();
        Assert.Equal(data.Length, GZipMembers.ParseIndexed(compressed)[0].UncompressedLength);
        compressed[20] ^= 0x08; // the WZ subfield's uncompressed length, 5000 -> 4992

        // A sequential reader may ignore the index (the member itself is intact); a reader that trusts
        // it must say the data is invalid. Any other exception breaks the stream contract.
        var options = new WarpZipOptions { DegreeOfParallelism = degreeOfParallelism, StrictValidation = true };
        try
        {
            Bytes.Equal(data, Bytes.ReadAll(new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, options)));
        }
        catch (InvalidDataException)
        {
        }
    }
}
