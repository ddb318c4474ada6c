using System.Text;
using System.Text.Json;
using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>`warpzip devices` and --device-model: the hardware path on the model, labelled as such.</summary>
public sealed class DeviceTests
{
    private static readonly byte[] s_data = TestData.Text((2 * 1024 * 1024) + 777, seed: 11);

    [Fact]
    public void Devices_on_this_machine_says_there_are_none_and_why()
    {
        ProcessResult result = Warpzip.Run(null, "devices");
        Assert.Equal(0, result.ExitCode);
        string output = Encoding.UTF8.GetString(result.Stdout);
        Assert.Contains("/sys/class/uacce", output);
        Assert.Contains("NoDevice", output);
    }

    [Fact]
    public void Devices_with_the_model_lists_it_as_a_model()
    {
        ProcessResult result = Warpzip.Run(null, "devices", "--device-model");
        Assert.Equal(0, result.ExitCode);
        string output = Encoding.UTF8.GetString(result.Stdout);
        Assert.Contains("device model", output);
        Assert.Contains("not hardware", output);
        Assert.Contains("hisi_zip-0: usable", output);
    }

    [Fact]
    public void G_on_the_device_model_offloads_every_block_and_gunzip_reads_it()
    {
        ProcessResult result = Warpzip.Run(s_data, "-g", "--device-model", "--stats=json");
        Assert.Equal(0, result.ExitCode);
        Gz.Equal(s_data, Gz.Gunzip(result.Stdout));
        using JsonDocument stats = JsonDocument.Parse(LastLine(result.Stderr));
        Assert.Contains("device model", stats.RootElement.GetProperty("engine").GetString());
        Assert.Equal(3, stats.RootElement.GetProperty("hardware_chunks").GetInt64());
        Assert.Equal(0, stats.RootElement.GetProperty("fallback_reasons").GetArrayLength());
    }

    [Fact]
    public void Without_a_device_stats_name_the_fallback_reason()
    {
        ProcessResult result = Warpzip.Run(s_data, "-g", "--stats=json");
        Assert.Equal(0, result.ExitCode);
        using JsonDocument stats = JsonDocument.Parse(LastLine(result.Stderr));
        Assert.Equal("NoDevice", stats.RootElement.GetProperty("fallback_reasons")[0].GetString());
    }

    [Fact]
    public void Hardware_backend_without_a_device_fails_with_a_message()
    {
        ProcessResult result = Warpzip.Run(s_data, "-c", "--backend", "hardware");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no accelerator", result.Stderr);
    }

    private static string LastLine(string stderr)
    {
        string[] lines = stderr.Trim().Split('\n');
        return lines[^1];
    }
}
