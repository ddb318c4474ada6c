using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>Round trips with gzip, pigz and Python's gzip/zlib modules, in both directions, through pipes.</summary>
public sealed class InteropTests
{
    public static TheoryData<int> Sizes() => new() { 0, 1, 100_000, (5 * 1024 * 1024) + 3 };

    private static byte[] Data(int size) => TestData.Text(size, seed: size);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void WarpzipGzip_IsReadByGzipPigzAndPython(int size)
    {
        byte[] data = Data(size);
        foreach (string[] options in new[] { new[] { "-c" }, new[] { "-c", "--framing", "indexed" } })
        {
            byte[] compressed = Warpzip.Ok(data, options);
            Gz.Equal(data, Peers.Ok("gzip", compressed, "-dc"), "gzip -dc " + string.Join(' ', options));
            Gz.Equal(data, Peers.Ok("pigz", compressed, "-dc"), "pigz -dc " + string.Join(' ', options));
            Gz.Equal(data, Gz.Python("d", "gzip", compressed), "python gzip " + string.Join(' ', options));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void GzipPigzAndPythonOutput_IsReadByWarpzip(int size)
    {
        byte[] data = Data(size);
        Gz.Equal(data, Warpzip.Ok(Peers.Ok("gzip", data, "-c"), "-dc"), "gzip");
        Gz.Equal(data, Warpzip.Ok(Peers.Ok("pigz", data, "-c", "-p", "2", "-b", "128"), "-dc"), "pigz");
        Gz.Equal(data, Warpzip.Ok(Gz.Python("c", "gzip", data), "-dc"), "python gzip");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Zlib_RoundTripsWithPythonAndPigz(int size)
    {
        byte[] data = Data(size);
        byte[] warp = Warpzip.Ok(data, "--format", "zlib");
        Gz.Equal(data, Gz.Python("d", "zlib", warp), "python reads warpzip zlib");
        Gz.Equal(data, Peers.Ok("pigz", warp, "-dz"), "pigz -dz reads warpzip zlib");
        Gz.Equal(data, Warpzip.Ok(Gz.Python("c", "zlib", data), "-d", "--format", "zlib"), "warpzip reads python zlib");
        Gz.Equal(data, Warpzip.Ok(Peers.Ok("pigz", data, "-cz"), "-d", "--format", "zlib"), "warpzip reads pigz -z");
    }

    [Fact]
    public void MultiMemberGzip_IsReadWhole()
    {
        byte[] a = Data(200_000);
        byte[] b = TestData.Random(50_000);
        byte[] joined = [.. Peers.Ok("gzip", a, "-c"), .. Peers.Ok("pigz", b, "-c")];
        Gz.Equal([.. a, .. b], Warpzip.Ok(joined, "-dc"));
        Gz.Equal([.. a, .. b], Warpzip.Ok(joined, "-dc", "-p", "1"));
    }

    [Fact]
    public void IncompressibleData_RoundTrips()
    {
        byte[] data = TestData.Random(3 * 1024 * 1024);
        byte[] compressed = Warpzip.Ok(data, "-c");
        Gz.Equal(data, Peers.Ok("pigz", compressed, "-dc"));
        Gz.Equal(data, Warpzip.Ok(compressed, "-dc"));
    }

    [Fact]
    public void GzipAndPigz_TestWarpzipOutput()
    {
        byte[] compressed = Warpzip.Ok(Data(3 * 1024 * 1024), "-c", "--framing", "indexed", "--chunk-size", "256k");
        Peers.Ok("gzip", compressed, "-t");
        Peers.Ok("pigz", compressed, "-t");
    }
}
