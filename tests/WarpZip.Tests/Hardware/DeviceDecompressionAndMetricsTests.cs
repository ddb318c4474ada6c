using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.IO.Compression;
using WarpZip.DeviceModel;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Hardware;

/// <summary>Indexed members inflated on the device model, with faults, and the metrics a caller can watch.</summary>
public sealed class DeviceDecompressionAndMetricsTests
{
    private const int Chunk = 64 * 1024;

    private static byte[] CompressIndexed(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new WarpGZipStream(output, CompressionLevel.Optimal, new WarpZipOptions { ChunkSize = Chunk, Framing = WarpZipFraming.IndexedMembers, Backend = WarpZipBackend.Software }, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData(DeviceFault.ErrorStatus)]
    [InlineData(DeviceFault.ChecksumError)]
    [InlineData(DeviceFault.OutputTooSmall)]
    [InlineData(DeviceFault.CorruptOutput)]
    public void A_failed_member_is_inflated_again_in_software(DeviceFault fault)
    {
        byte[] data = TestData.Create(DataKind.Text, (4 * Chunk) + 321, seed: 91);
        byte[] compressed = CompressIndexed(data);
        using var model = new HisiZipDeviceModel();
        model.InjectFault(fault, afterRequests: 2);
        using var reader = new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress,
            new WarpZipOptions { Devices = model, DegreeOfParallelism = 2, StrictValidation = true });

        Bytes.Equal(data, Bytes.ReadAll(reader));
        Assert.Equal(1, reader.Statistics.FallbackChunks);
        Assert.Equal(4, reader.Statistics.HardwareChunks);
        Assert.Equal(WarpZipFallbackReason.DeviceErrorStatus, Assert.Single(reader.Statistics.FallbackReasons));
    }

    [Fact]
    public void Corrupt_input_is_an_InvalidDataException_and_does_not_set_the_device_aside()
    {
        byte[] data = TestData.Create(DataKind.Text, (3 * Chunk) + 5, seed: 92);
        byte[] compressed = CompressIndexed(data);
        compressed[24 + 200] ^= 0xFF; // inside the first member's DEFLATE body
        using var model = new HisiZipDeviceModel();
        var options = new WarpZipOptions { Devices = model, DegreeOfParallelism = 2, StrictValidation = true };
        for (int attempt = 0; attempt < 4; attempt++)
        {
            using var reader = new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, options);
            byte[]? decoded = null;
            Exception? error = Record.Exception(() => decoded = Bytes.ReadAll(reader));
            Assert.True(error is InvalidDataException, $"got {error?.GetType().Name ?? "no exception"}; output equal: {decoded is not null && decoded.AsSpan().SequenceEqual(data)}, length {decoded?.Length}");
        }

        using var good = new WarpGZipStream(new MemoryStream(CompressIndexed(data)), CompressionMode.Decompress, options);
        Bytes.Equal(data, Bytes.ReadAll(good));
        Assert.Equal(4, good.Statistics.HardwareChunks);
    }

    [Fact]
    public void Metrics_count_bytes_per_engine_and_fallbacks_per_reason()
    {
        var measurements = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "WarpZip")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var text = new List<string>();
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                text.Add($"{tag.Key}={tag.Value}");
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, string.Join(",", text)));
            }
        });
        listener.Start();

        byte[] data = TestData.Create(DataKind.Binary, (2 * Chunk) + 1, seed: 93);
        using var model = new HisiZipDeviceModel();
        model.InjectFault(DeviceFault.ErrorStatus, afterRequests: 1);
        using (var gzip = new WarpGZipStream(Stream.Null, CompressionLevel.Optimal,
            new WarpZipOptions { Devices = model, ChunkSize = Chunk, Framing = WarpZipFraming.IndexedMembers }))
        {
            gzip.Write(data);
        }

        listener.Dispose();
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Instrument == "warpzip.bytes" && m.Tags.Contains("engine=hardware", StringComparison.Ordinal) && m.Value == Chunk);
            Assert.Contains(measurements, m => m.Instrument == "warpzip.bytes" && m.Tags.Contains("engine=software", StringComparison.Ordinal));
            Assert.Contains(measurements, m => m.Instrument == "warpzip.fallbacks" && m.Tags == "reason=DeviceErrorStatus");
            Assert.Contains(measurements, m => m.Instrument == "warpzip.device.inflight" && m.Value == 1);
        }
    }
}
