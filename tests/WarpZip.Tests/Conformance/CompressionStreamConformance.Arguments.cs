using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

public abstract partial class CompressionStreamConformance
{
    private static readonly Dictionary<string, Func<StreamFactory, object?>> ContractCases = new()
    {
        // Construction.
        ["NullStream_Mode"] = f => f.ByMode(null!, CompressionMode.Compress),
        ["NullStream_ModeLeaveOpen"] = f => f.ByModeLeaveOpen(null!, CompressionMode.Decompress, true),
        ["NullStream_Level"] = f => f.ByLevel(null!, CompressionLevel.Optimal),
        ["NullStream_LevelLeaveOpen"] = f => f.ByLevelLeaveOpen(null!, CompressionLevel.Fastest, false),
        ["NullStream_Options"] = f => f.ByOptions(null!, new ZLibCompressionOptions(), false),
        ["BadMode"] = f => f.ByMode(new MemoryStream(), (CompressionMode)42),
        ["BadMode_Negative"] = f => f.ByModeLeaveOpen(new MemoryStream(), (CompressionMode)(-1), true),
        ["BadLevel"] = f => f.ByLevel(new MemoryStream(), (CompressionLevel)42),
        ["BadLevel_Negative"] = f => f.ByLevelLeaveOpen(new MemoryStream(), (CompressionLevel)(-1), true),
        ["NullCompressionOptions"] = f => f.ByOptions(new MemoryStream(), null!, false),
        ["ReadOnlyBase_Compress"] = f => f.ByMode(new MemoryStream(new byte[4], writable: false), CompressionMode.Compress),
        ["ReadOnlyBase_Level"] = f => f.ByLevel(new MemoryStream(new byte[4], writable: false), CompressionLevel.Optimal),
        ["ReadOnlyBase_Options"] = f => f.ByOptions(new MemoryStream(new byte[4], writable: false), new ZLibCompressionOptions(), false),
        ["WriteOnlyBase_Decompress"] = f => f.ByMode(new WriteOnlyStream(), CompressionMode.Decompress),
        ["DisposedBase_Compress"] = f => f.ByMode(Disposed(), CompressionMode.Compress),
        ["DisposedBase_Decompress"] = f => f.ByMode(Disposed(), CompressionMode.Decompress),

        // Capabilities and unsupported members.
        ["Capabilities_Compress"] = f => Capabilities(Compressor(f)),
        ["Capabilities_Decompress"] = f => Capabilities(Decompressor(f)),
        ["Seek"] = f => Compressor(f).Seek(0, SeekOrigin.Begin),
        ["Seek_Decompress"] = f => Decompressor(f).Seek(0, SeekOrigin.Begin),
        ["Length"] = f => Compressor(f).Length,
        ["Length_Decompress"] = f => Decompressor(f).Length,
        ["Position_Get"] = f => Decompressor(f).Position,
        ["Position_Set"] = f => Compressor(f).Position = 0,
        ["SetLength"] = f => Run(() => Compressor(f).SetLength(1)),
        ["BaseStream_IsTheStream"] = f => BaseStreamIsOriginal(f),

        // Wrong direction.
        ["Read_OnCompressor"] = f => Compressor(f).Read(new byte[1], 0, 1),
        ["ReadSpan_OnCompressor"] = f => Compressor(f).Read(new byte[1].AsSpan()),
        ["ReadByte_OnCompressor"] = f => Compressor(f).ReadByte(),
        ["ReadAsync_OnCompressor"] = f => Compressor(f).ReadAsync(new byte[1], 0, 1),
        ["ReadAsyncMemory_OnCompressor"] = f => Compressor(f).ReadAsync(new byte[1].AsMemory()).AsTask(),
        ["CopyTo_OnCompressor"] = f => Run(() => Compressor(f).CopyTo(new MemoryStream())),
        ["Write_OnDecompressor"] = f => Run(() => Decompressor(f).Write(new byte[1], 0, 1)),
        ["WriteSpan_OnDecompressor"] = f => Run(() => Decompressor(f).Write(new byte[1].AsSpan())),
        ["WriteByte_OnDecompressor"] = f => Run(() => Decompressor(f).WriteByte(1)),
        ["WriteAsync_OnDecompressor"] = f => Decompressor(f).WriteAsync(new byte[1], 0, 1),
        ["WriteAsyncMemory_OnDecompressor"] = f => Decompressor(f).WriteAsync(new byte[1].AsMemory()).AsTask(),

        // Buffer arguments.
        ["Write_NullBuffer"] = f => Run(() => Compressor(f).Write(null!, 0, 1)),
        ["Write_NegativeOffset"] = f => Run(() => Compressor(f).Write(new byte[4], -1, 1)),
        ["Write_NegativeCount"] = f => Run(() => Compressor(f).Write(new byte[4], 0, -1)),
        ["Write_CountPastEnd"] = f => Run(() => Compressor(f).Write(new byte[4], 2, 3)),
        ["WriteAsync_NullBuffer"] = f => Compressor(f).WriteAsync(null!, 0, 1),
        ["Read_NullBuffer"] = f => Decompressor(f).Read(null!, 0, 1),
        ["Read_NegativeOffset"] = f => Decompressor(f).Read(new byte[4], -1, 1),
        ["Read_CountPastEnd"] = f => Decompressor(f).Read(new byte[4], 1, 4),
        ["ReadAsync_NullBuffer"] = f => Decompressor(f).ReadAsync(null!, 0, 1),
        ["ReadAsync_CountPastEnd"] = f => Decompressor(f).ReadAsync(new byte[4], 4, 1),
        ["CopyTo_NullDestination"] = f => Run(() => Decompressor(f).CopyTo(null!)),
        ["CopyTo_ZeroBufferSize"] = f => Run(() => Decompressor(f).CopyTo(new MemoryStream(), 0)),
        ["CopyTo_NegativeBufferSize"] = f => Run(() => Decompressor(f).CopyTo(new MemoryStream(), -5)),
        ["CopyTo_ReadOnlyDestination"] = f => Run(() => Decompressor(f).CopyTo(new MemoryStream(new byte[4], writable: false))),
        ["CopyToAsync_NullDestination"] = f => Decompressor(f).CopyToAsync(null!),
        ["CopyToAsync_ZeroBufferSize"] = f => Decompressor(f).CopyToAsync(new MemoryStream(), 0),

        // Cancellation.
        ["WriteAsync_Canceled"] = f => Compressor(f).WriteAsync(new byte[1], 0, 1, new System.Threading.CancellationToken(true)),
        ["ReadAsync_Canceled"] = f => Decompressor(f).ReadAsync(new byte[1], 0, 1, new System.Threading.CancellationToken(true)),

        // Disposal.
        ["Disposed_Capabilities_Compress"] = f => Capabilities(DisposedCompressor(f)),
        ["Disposed_Capabilities_Decompress"] = f => Capabilities(DisposedDecompressor(f)),
        ["Disposed_BaseStream"] = f => f.BaseStreamOf(DisposedCompressor(f)) is null,
        ["Disposed_Write"] = f => Run(() => DisposedCompressor(f).Write(new byte[1], 0, 1)),
        ["Disposed_WriteSpan"] = f => Run(() => DisposedCompressor(f).Write(new byte[1].AsSpan())),
        ["Disposed_WriteByte"] = f => Run(() => DisposedCompressor(f).WriteByte(1)),
        ["Disposed_WriteAsync"] = f => DisposedCompressor(f).WriteAsync(new byte[1], 0, 1),
        ["Disposed_WriteAsyncMemory"] = f => DisposedCompressor(f).WriteAsync(new byte[1].AsMemory()).AsTask(),
        ["Disposed_Flush"] = f => Run(() => DisposedCompressor(f).Flush()),
        ["Disposed_FlushAsync"] = f => DisposedCompressor(f).FlushAsync(),
        ["Disposed_Read"] = f => DisposedDecompressor(f).Read(new byte[1], 0, 1),
        ["Disposed_ReadSpan"] = f => DisposedDecompressor(f).Read(new byte[1].AsSpan()),
        ["Disposed_ReadByte"] = f => DisposedDecompressor(f).ReadByte(),
        ["Disposed_ReadAsync"] = f => DisposedDecompressor(f).ReadAsync(new byte[1], 0, 1),
        ["Disposed_ReadAsyncMemory"] = f => DisposedDecompressor(f).ReadAsync(new byte[1].AsMemory()).AsTask(),
        ["Disposed_CopyTo"] = f => Run(() => DisposedDecompressor(f).CopyTo(new MemoryStream())),
        ["Disposed_CopyToAsync"] = f => DisposedDecompressor(f).CopyToAsync(new MemoryStream()),
        ["Disposed_Flush_Decompress"] = f => Run(() => DisposedDecompressor(f).Flush()),
        ["Disposed_Twice"] = f => Run(() => DisposedCompressor(f).Dispose()),
        ["Disposed_Twice_Decompress"] = f => Run(() => DisposedDecompressor(f).Dispose()),
        ["DisposeAsync_Twice"] = f => DisposeAsyncTwice(f),
        ["Flush_Decompress"] = f => Run(() => Decompressor(f).Flush()),
        ["FlushAsync_Decompress"] = f => Decompressor(f).FlushAsync(),

        // leaveOpen.
        ["LeaveOpen_False_ClosesBase_Mode"] = f => BaseOpenAfterDispose(s => f.ByMode(s, CompressionMode.Compress)),
        ["LeaveOpen_False_ClosesBase_Decompress"] = f => BaseOpenAfterDispose(s => f.ByMode(s, CompressionMode.Decompress)),
        ["LeaveOpen_False_ClosesBase_Level"] = f => BaseOpenAfterDispose(s => f.ByLevel(s, CompressionLevel.Fastest)),
        ["LeaveOpen_False_ClosesBase_Options"] = f => BaseOpenAfterDispose(s => f.ByOptions(s, new ZLibCompressionOptions(), false)),
        ["LeaveOpen_True_KeepsBase_Mode"] = f => BaseOpenAfterDispose(s => f.ByModeLeaveOpen(s, CompressionMode.Compress, true)),
        ["LeaveOpen_True_KeepsBase_Decompress"] = f => BaseOpenAfterDispose(s => f.ByModeLeaveOpen(s, CompressionMode.Decompress, true)),
        ["LeaveOpen_True_KeepsBase_Level"] = f => BaseOpenAfterDispose(s => f.ByLevelLeaveOpen(s, CompressionLevel.SmallestSize, true)),
        ["LeaveOpen_True_KeepsBase_Options"] = f => BaseOpenAfterDispose(s => f.ByOptions(s, new ZLibCompressionOptions(), true)),
    };

    public static TheoryData<string> ContractCaseNames() => new(ContractCases.Keys);

    /// <summary>The contract cases that finish a compressor no byte was written to (see <see cref="EmptyInputSupported"/>).</summary>
    private static readonly string[] EmptyCompressorCases =
    [
        "BaseStream_IsTheStream",
        "LeaveOpen_False_ClosesBase_Mode",
        "LeaveOpen_False_ClosesBase_Level",
        "LeaveOpen_False_ClosesBase_Options",
        "LeaveOpen_True_KeepsBase_Mode",
        "LeaveOpen_True_KeepsBase_Level",
        "LeaveOpen_True_KeepsBase_Options",
    ];

    /// <summary>
    /// Drives the WarpZip stream and the System.IO.Compression stream through the same call and requires
    /// the same outcome: the same value, or the same exception type with the same ParamName, thrown at
    /// the same moment (synchronously from the call, or from the returned task).
    /// </summary>
    [Theory]
    [MemberData(nameof(ContractCaseNames))]
    public void Contract_MatchesSystemIOCompression(string caseName)
    {
        if (!EmptyInputSupported && Array.IndexOf(EmptyCompressorCases, caseName) >= 0)
        {
            return;
        }

        Func<StreamFactory, object?> act = ContractCases[caseName];
        string expected = Outcome(() => act(Bcl));
        string actual = Outcome(() => act(Warp));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void HardwareBackend_ThrowsDeviceException_AtConstruction()
    {
        var options = new WarpZipOptions { Backend = WarpZipBackend.Hardware };
        if (HardwareAvailable)
        {
            // The class's streams reach a device: demanding hardware must then work, in both directions.
            byte[] data = TestData.Create(DataKind.Text, 5000);
            byte[] compressed = WarpCompress(data, options);
            Bytes.Equal(data, BclDecompress(compressed));
            Bytes.Equal(data, WarpDecompress(compressed, options));
            using var output = new MemoryStream();
            using (WarpCompressionStream stream = CreateWarp(output, new ZLibCompressionOptions(), options, true))
            {
                stream.Write(data);
            }

            Bytes.Equal(data, BclDecompress(output.ToArray()));
            return;
        }

        var compress = Assert.Throws<WarpZipDeviceException>(() => CreateWarp(new MemoryStream(), CompressionLevel.Optimal, options, false));
        Assert.IsAssignableFrom<IOException>(compress);
        Assert.Throws<WarpZipDeviceException>(() => CreateWarp(new MemoryStream(), CompressionMode.Decompress, options, false));
        Assert.Throws<WarpZipDeviceException>(() => CreateWarp(new MemoryStream(), new ZLibCompressionOptions(), options, false));
    }

    [Theory]
    [InlineData(WarpZipBackend.Auto)]
    [InlineData(WarpZipBackend.Software)]
    public void SoftwareBackends_Work(WarpZipBackend backend)
    {
        byte[] data = TestData.Create(DataKind.Text, 2 * Chunk + 3);
        WarpZipOptions options = Options() with { Backend = backend };
        byte[] compressed = WarpCompress(data, options);
        Bytes.Equal(data, WarpDecompress(compressed, options));
        Bytes.Equal(data, BclDecompress(compressed));
    }

    private static string Outcome(Func<object?> call)
    {
        object? result;
        try
        {
            result = call();
        }
#pragma warning disable CA1031 // Every exception is an outcome to compare.
        catch (Exception e)
        {
            return "sync " + Describe(e);
        }

        if (result is Task task)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                return "task " + Describe(e);
            }
#pragma warning restore CA1031

            return "completed task";
        }

        return result switch
        {
            null => "returned",
            bool or int or long or string => $"returned {result}",
            Stream => "returned a stream",
            _ => $"returned {result.GetType().Name}",
        };
    }

    private static string Describe(Exception e) =>
        e is ArgumentException argument ? $"{e.GetType().Name}(ParamName={argument.ParamName})" : e.GetType().Name;

    private static object? Run(Action action)
    {
        action();
        return null;
    }

    private static Stream Compressor(StreamFactory f) => f.ByLevelLeaveOpen(new MemoryStream(), CompressionLevel.Fastest, false);

    private static Stream Decompressor(StreamFactory f) => f.ByMode(new MemoryStream(ValidCompressed(f)), CompressionMode.Decompress);

    private static Stream DisposedCompressor(StreamFactory f)
    {
        Stream stream = Compressor(f);
        stream.WriteByte(7);
        stream.Dispose();
        return stream;
    }

    private static Stream DisposedDecompressor(StreamFactory f)
    {
        Stream stream = Decompressor(f);
        stream.Dispose();
        return stream;
    }

    private static byte[] ValidCompressed(StreamFactory f)
    {
        using var output = new MemoryStream();
        using (Stream stream = f.ByLevelLeaveOpen(output, CompressionLevel.Optimal, true))
        {
            stream.Write("hello, hello, hello"u8);
        }

        return output.ToArray();
    }

    private static MemoryStream Disposed()
    {
        var stream = new MemoryStream();
        stream.Dispose();
        return stream;
    }

    private static string Capabilities(Stream stream) => $"CanRead={stream.CanRead} CanWrite={stream.CanWrite} CanSeek={stream.CanSeek}";

    private static bool BaseStreamIsOriginal(StreamFactory f)
    {
        var inner = new MemoryStream();
        using Stream stream = f.ByLevelLeaveOpen(inner, CompressionLevel.Optimal, true);
        return ReferenceEquals(inner, f.BaseStreamOf(stream));
    }

    private static async Task DisposeAsyncTwice(StreamFactory f)
    {
        Stream stream = Compressor(f);
        stream.WriteByte(1);
        await stream.DisposeAsync();
        await stream.DisposeAsync();
        stream.Dispose();
    }

    private static string BaseOpenAfterDispose(Func<Stream, Stream> create)
    {
        // A stream with valid compressed content, so both directions can be created over it.
        var inner = new MemoryStream();
        inner.Write([0x1F, 0x8B]);
        inner.Position = 0;
        Stream stream = create(inner);
        stream.Dispose();
        return $"base CanRead={inner.CanRead}";
    }
}
