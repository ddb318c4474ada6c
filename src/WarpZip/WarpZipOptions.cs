using System;

namespace WarpZip;

/// <summary>Which engine a stream may use.</summary>
public enum WarpZipBackend
{
    /// <summary>Hardware when a usable accelerator exists, otherwise the software engine.</summary>
    Auto = 0,

    /// <summary>Always the software engine.</summary>
    Software = 1,

    /// <summary>The hardware accelerator only; construction fails with <see cref="WarpZipDeviceException"/> when none can be used.</summary>
    Hardware = 2,
}

/// <summary>How a gzip stream is framed when compressing.</summary>
public enum WarpZipFraming
{
    /// <summary>One standard gzip member (pigz-style): the default.</summary>
    SingleMember = 0,

    /// <summary>
    /// One gzip member per chunk, each carrying its own compressed and uncompressed size in an FEXTRA
    /// subfield ("WZ"), so a reader can split the stream without inflating. Stock gunzip reads it as
    /// ordinary multi-member gzip. Applies to gzip only.
    /// </summary>
    IndexedMembers = 1,
}

/// <summary>
/// Settings for WarpZip streams. Immutable: build one with an object initializer and share it freely.
/// </summary>
public sealed record WarpZipOptions
{
    /// <summary>The smallest chunk size accepted (64 KiB).</summary>
    public const int MinChunkSize = 64 * 1024;

    /// <summary>The largest chunk size accepted (64 MiB).</summary>
    public const int MaxChunkSize = 64 * 1024 * 1024;

    /// <summary>The default chunk size (1 MiB), pigz's sweet spot between parallelism and ratio.</summary>
    public const int DefaultChunkSize = 1024 * 1024;

    /// <summary>Defaults: all cores, 1 MiB chunks, automatic backend, single-member gzip, strictness from the AppContext switch.</summary>
    public static WarpZipOptions Default { get; } = new();

    /// <summary>
    /// How many chunks one stream may have compressed or inflated at once. Defaults to
    /// <see cref="Environment.ProcessorCount"/>. 1 does all work on the caller's thread.
    /// </summary>
    public int DegreeOfParallelism
    {
        get => _degreeOfParallelism;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _degreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Input bytes per chunk: compression cuts the input at multiples of this size, whatever the
    /// caller's write sizes. Between <see cref="MinChunkSize"/> and <see cref="MaxChunkSize"/>.
    /// </summary>
    public int ChunkSize
    {
        get => _chunkSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinChunkSize);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxChunkSize);
            _chunkSize = value;
        }
    }

    /// <summary>Which engine may run. Default <see cref="WarpZipBackend.Auto"/>.</summary>
    public WarpZipBackend Backend
    {
        get => _backend;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            _backend = value;
        }
    }

    /// <summary>Gzip framing when compressing. Default <see cref="WarpZipFraming.SingleMember"/>.</summary>
    public WarpZipFraming Framing
    {
        get => _framing;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            _framing = value;
        }
    }

    /// <summary>
    /// When decompressing, whether truncated input throws <see cref="System.IO.InvalidDataException"/>.
    /// <see langword="null"/> (the default) follows .NET's AppContext switch
    /// <c>System.IO.Compression.UseStrictValidation</c>, as GZipStream does.
    /// </summary>
    public bool? StrictValidation { get; init; }

    /// <summary>
    /// Where accelerator devices are looked for. Default <see cref="WarpZipDeviceProvider.Linux"/>
    /// (the real uacce framework). Pass a device model here to run the hardware path on it; automatic
    /// selection never uses a model on its own.
    /// </summary>
    public WarpZipDeviceProvider Devices
    {
        get => _devices;
        init => _devices = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// How long one accelerator request may take before it is redone in software and the device is set
    /// aside. Default 5 seconds. A stalled device never holds a caller longer than this.
    /// </summary>
    public TimeSpan HardwareTimeout
    {
        get => _hardwareTimeout;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _hardwareTimeout = value;
        }
    }

    /// <summary>
    /// The accelerator ignores compression levels, so <see cref="System.IO.Compression.CompressionLevel.SmallestSize"/>
    /// (level 9) goes to software unless this is set. Default false.
    /// </summary>
    public bool SmallestSizeOnHardware { get; init; }

    /// <summary>
    /// Inflate what the accelerator compressed, in software, before writing it, so corrupted device
    /// output can never reach the caller (it is redone in software instead). Default true; costs about
    /// one software inflate per chunk.
    /// </summary>
    public bool VerifyHardwareOutput { get; init; } = true;

    /// <summary>
    /// When decompressing, the most bytes a stream may produce; going past it throws
    /// <see cref="System.IO.InvalidDataException"/> instead of expanding further (a guard against
    /// decompression bombs). <see langword="null"/> (the default) means no limit, as GZipStream.
    /// </summary>
    public long? MaxDecompressedBytes
    {
        get => _maxDecompressedBytes;
        init
        {
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            _maxDecompressedBytes = value;
        }
    }

    private readonly long? _maxDecompressedBytes;
    private readonly TimeSpan _hardwareTimeout = TimeSpan.FromSeconds(5);
    private readonly int _degreeOfParallelism = Environment.ProcessorCount;
    private readonly int _chunkSize = DefaultChunkSize;
    private readonly WarpZipBackend _backend;
    private readonly WarpZipFraming _framing;
    private readonly WarpZipDeviceProvider _devices = WarpZipDeviceProvider.Linux;

    internal bool ResolveStrictValidation() =>
        StrictValidation ?? (AppContext.TryGetSwitch("System.IO.Compression.UseStrictValidation", out bool strict) && strict);
}
