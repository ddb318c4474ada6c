using WarpZip.Software;

namespace WarpZip.Engines;

/// <summary>
/// Picks the engine for a stream. The hardware path is not built yet: <see cref="WarpZipBackend.Auto"/>
/// means software, and <see cref="WarpZipBackend.Hardware"/> fails loudly rather than pretending.
/// </summary>
internal static class EngineSelector
{
    public static ICompressionEngine Select(WarpZipOptions options) => options.Backend switch
    {
        WarpZipBackend.Hardware => throw new WarpZipDeviceException(
            "WarpZipBackend.Hardware was requested, but this build has no hardware engine (the uacce/hisi_zip path is not implemented yet). Use Auto or Software.",
            device: null,
            operation: "select engine"),
        _ => SoftwareEngine.Instance,
    };
}
