using System.Collections.Generic;

namespace WarpZip.Hardware.Uacce;

/// <summary>One uacce device as its sysfs directory describes it (<c>/sys/class/uacce/&lt;name&gt;/</c>).</summary>
internal sealed record UacceDevice(
    string Name,
    string Api,
    UacceDeviceFlags Flags,
    int AvailableInstances,
    IReadOnlyList<string> Algorithms,
    long MmioSize,
    long DusSize,
    bool Isolated,
    int NumaNode)
{
    /// <summary>The QM protocol version from <c>api</c> ("hisi_qm_v2" → 2; "_noiommu" suffixes ignored).</summary>
    public int QmVersion { get; } = ParseQmVersion(Api);

    public bool SupportsZlib => Contains(Algorithms, "zlib");

    public bool SupportsGzip => Contains(Algorithms, "gzip");

    /// <summary>Raw deflate requests exist from QM v3 on, when the device lists the algorithm.</summary>
    public bool SupportsDeflate => QmVersion >= 3 && Contains(Algorithms, "deflate");

    public const string QmApiPrefix = "hisi_qm_v";

    public static int ParseQmVersion(string api)
    {
        if (!api.StartsWith(QmApiPrefix, System.StringComparison.Ordinal))
        {
            return 0;
        }

        int version = 0;
        for (int i = QmApiPrefix.Length; i < api.Length && char.IsAsciiDigit(api[i]); i++)
        {
            version = (version * 10) + (api[i] - '0');
            if (version > 1000)
            {
                return 0;
            }
        }

        return version;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (string item in list)
        {
            if (item == value)
            {
                return true;
            }
        }

        return false;
    }
}
