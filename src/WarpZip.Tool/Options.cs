using System;
using System.Collections.Generic;
using System.IO.Compression;

namespace WarpZip.Tool;

/// <summary>What a run does to each input.</summary>
internal enum Operation
{
    Compress,
    Decompress,
    Test,
    List,
}

/// <summary>The container format read or written.</summary>
internal enum ToolFormat
{
    GZip,
    ZLib,
    Deflate,
}

/// <summary>Whether and how statistics are printed (always on stderr).</summary>
internal enum StatsMode
{
    None,
    Text,
    Json,
}

/// <summary>Everything the command line said, already validated.</summary>
internal sealed class Options
{
    /// <summary>True when -z or -g selected the test_hisi_zip interface (stdin to stdout only).</summary>
    public bool HisiInterface { get; set; }

    public Operation Operation { get; set; } = Operation.Compress;

    public ToolFormat Format { get; set; } = ToolFormat.GZip;

    /// <summary>Set once -z or -g chose the format, so the other one is refused.</summary>
    public bool FormatWasSet { get; set; }

    public bool ToStdout { get; set; }

    public bool Keep { get; set; }

    public bool Force { get; set; }

    public bool Verbose { get; set; }

    public bool Quiet { get; set; }

    /// <summary>0..9; 6 is zlib's and gzip's default.</summary>
    public int Level { get; set; } = 6;

    public int? Threads { get; set; }

    public int? ChunkSize { get; set; }

    /// <summary>The block size asked for with -b (before clamping), for --stats.</summary>
    public long? RequestedBlockSize { get; set; }

    /// <summary>test_hisi_zip's -q: hardware queues; only reported until the hardware engine exists.</summary>
    public int? Queues { get; set; }

    public string? Suffix { get; set; }

    public WarpZipBackend Backend { get; set; } = WarpZipBackend.Auto;

    public WarpZipFraming? Framing { get; set; }

    public StatsMode Stats { get; set; } = StatsMode.None;

    public bool ShowHelp { get; set; }

    public bool ShowVersion { get; set; }

    public List<string> Files { get; } = [];

    /// <summary>The suffix compressed files get: -S, or the format's usual one.</summary>
    public string EffectiveSuffix => Suffix ?? Format switch
    {
        ToolFormat.ZLib => ".zz",
        ToolFormat.Deflate => ".deflate",
        _ => ".gz",
    };

    public int EffectiveThreads => Threads ?? Environment.ProcessorCount;

    public int EffectiveChunkSize => ChunkSize ?? WarpZipOptions.DefaultChunkSize;

    /// <summary>Gzip framing: -g defaults to one member per block (like test_hisi_zip), everything else to one member.</summary>
    public WarpZipFraming EffectiveFraming =>
        Framing ?? (HisiInterface && Format == ToolFormat.GZip ? WarpZipFraming.IndexedMembers : WarpZipFraming.SingleMember);

    public string FormatName => Format switch
    {
        ToolFormat.ZLib => "zlib",
        ToolFormat.Deflate => "deflate",
        _ => "gzip",
    };

    /// <summary>`warpzip devices`: list accelerator devices and why each can or cannot be used.</summary>
    public bool ListDevices { get; set; }

    /// <summary>--device-model: run the hardware path on the software device model (labelled as such), never real hardware.</summary>
    public bool UseDeviceModel { get; set; }

    /// <summary>Where devices are looked for: the real uacce framework, or the model when asked for.</summary>
    public WarpZipDeviceProvider Devices => UseDeviceModel ? DeviceModelProvider.Instance : WarpZipDeviceProvider.Linux;

    /// <summary>The library options for one stream; decompression is strict so truncation is an error.</summary>
    public WarpZipOptions ToWarpZipOptions(bool decompress) => new()
    {
        Devices = Devices,
        DegreeOfParallelism = EffectiveThreads,
        ChunkSize = EffectiveChunkSize,
        Backend = Backend,
        Framing = Format == ToolFormat.GZip ? EffectiveFraming : WarpZipFraming.SingleMember,
        StrictValidation = decompress ? true : null,
    };

    /// <summary>The level as the library takes it: 1, 6 and 9 by name, other digits through zlib's numeric level.</summary>
    public (CompressionLevel? Level, ZLibCompressionOptions? ZLib) CompressionSettings => Level switch
    {
        1 => (CompressionLevel.Fastest, null),
        6 => (CompressionLevel.Optimal, null),
        9 => (CompressionLevel.SmallestSize, null),
        _ => (null, new ZLibCompressionOptions { CompressionLevel = Level }),
    };
}
