using System;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Formats;

/// <summary>Validation and defaults of <see cref="WarpZipOptions"/>.</summary>
public sealed class WarpZipOptionsTests
{
    [Fact]
    public void Defaults()
    {
        var options = new WarpZipOptions();
        Assert.Equal(Environment.ProcessorCount, options.DegreeOfParallelism);
        Assert.Equal(WarpZipOptions.DefaultChunkSize, options.ChunkSize);
        Assert.Equal(1024 * 1024, WarpZipOptions.DefaultChunkSize);
        Assert.Equal(64 * 1024, WarpZipOptions.MinChunkSize);
        Assert.Equal(64 * 1024 * 1024, WarpZipOptions.MaxChunkSize);
        Assert.Equal(WarpZipBackend.Auto, options.Backend);
        Assert.Equal(WarpZipFraming.SingleMember, options.Framing);
        Assert.Null(options.StrictValidation);
        Assert.Equal(options, WarpZipOptions.Default);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(257)]
    public void DegreeOfParallelism_OutOfRange_Throws(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarpZipOptions { DegreeOfParallelism = value });

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public void DegreeOfParallelism_Bounds_Accepted(int value) =>
        Assert.Equal(value, new WarpZipOptions { DegreeOfParallelism = value }.DegreeOfParallelism);

    [Theory]
    [InlineData(0)]
    [InlineData(WarpZipOptions.MinChunkSize - 1)]
    [InlineData(WarpZipOptions.MaxChunkSize + 1)]
    [InlineData(int.MaxValue)]
    public void ChunkSize_OutOfRange_Throws(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarpZipOptions { ChunkSize = value });

    [Theory]
    [InlineData(WarpZipOptions.MinChunkSize)]
    [InlineData(WarpZipOptions.MaxChunkSize)]
    public void ChunkSize_Bounds_Accepted(int value) =>
        Assert.Equal(value, new WarpZipOptions { ChunkSize = value }.ChunkSize);

    [Fact]
    public void UndefinedEnums_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarpZipOptions { Backend = (WarpZipBackend)7 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarpZipOptions { Framing = (WarpZipFraming)7 });
    }

    [Fact]
    public void IsAValueRecord()
    {
        var a = new WarpZipOptions { ChunkSize = TestData.Chunk, DegreeOfParallelism = 3 };
        WarpZipOptions b = a with { };
        Assert.Equal(a, b);
        Assert.NotEqual(a, a with { StrictValidation = true });
    }

    [Fact]
    public void DeviceException_IsAnIOException()
    {
        var e = new WarpZipDeviceException("x", "/dev/null", "open", 2);
        Assert.IsAssignableFrom<System.IO.IOException>(e);
        Assert.Equal("/dev/null", e.Device);
        Assert.Equal("open", e.Operation);
        Assert.Equal(2, e.Errno);
    }
}
