using System.IO.Compression;
using WarpZip.Formats;
using WarpZip.Hardware.HisiZip;
using WarpZip.Software;

namespace WarpZip.Engines;

/// <summary>The engines one stream may use: software always, the accelerator when it is usable.</summary>
internal sealed record EngineChoice(ICompressionEngine Software, HisiZipEngine? Hardware, WarpZipFallbackReason? WhyNotHardware, string Detail)
{
    public string Name => Hardware?.Name ?? Software.Name;
}

/// <summary>
/// Picks the engines for a stream. <see cref="WarpZipBackend.Auto"/>: the accelerator when a usable
/// device exists, software otherwise (with the reason recorded). <see cref="WarpZipBackend.Hardware"/>:
/// the accelerator or a <see cref="WarpZipDeviceException"/>. A device model is used only when the
/// caller passed it in <see cref="WarpZipOptions.Devices"/>.
/// </summary>
internal static class EngineSelector
{
    public static EngineChoice Select(WarpZipOptions options, CompressionFormat format, DeflateSettings? compressSettings)
    {
        ICompressionEngine software = SoftwareEngine.Instance;
        if (options.Backend == WarpZipBackend.Software)
        {
            return new EngineChoice(software, null, null, string.Empty);
        }

        bool demanded = options.Backend == WarpZipBackend.Hardware;
        if (!demanded && compressSettings is { Level: 9 } && !options.SmallestSizeOnHardware)
        {
            return new EngineChoice(software, null, WarpZipFallbackReason.LevelPolicy, "SmallestSize goes to software: the device ignores levels");
        }

        HisiZipEngine? engine = options.Devices.GetEngine(options.HardwareTimeout, out WarpZipFallbackReason reason, out string detail);
        if (engine is not null && format == CompressionFormat.Deflate && !engine.SupportsDeflate)
        {
            (engine, reason, detail) = (null, WarpZipFallbackReason.LevelPolicy, "raw deflate requests need QM v3 or later");
        }

        if (engine is null && demanded)
        {
            throw new WarpZipDeviceException(
                $"WarpZipBackend.Hardware was requested, but no accelerator can be used ({reason}: {detail}).", null, "select engine");
        }

        return engine is null ? new EngineChoice(software, null, reason, detail) : new EngineChoice(software, engine, null, string.Empty);
    }
}
