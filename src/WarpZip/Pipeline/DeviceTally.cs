using System.Collections.Generic;
using System.Threading;

namespace WarpZip.Pipeline;

/// <summary>What the accelerator did for one stream, updated from worker and completion threads.</summary>
internal sealed class DeviceTally
{
    private readonly List<WarpZipFallbackReason> _reasons = [];
    private long _hardwareChunks;
    private long _fallbackChunks;

    public long HardwareChunks => Interlocked.Read(ref _hardwareChunks);

    public long FallbackChunks => Interlocked.Read(ref _fallbackChunks);

    public void RanOnDevice() => Interlocked.Increment(ref _hardwareChunks);

    public void FellBack(WarpZipFallbackReason reason)
    {
        Interlocked.Increment(ref _fallbackChunks);
        Diagnostics.WarpZipMetrics.Fallback(reason);
        lock (_reasons)
        {
            if (!_reasons.Contains(reason))
            {
                _reasons.Add(reason);
            }
        }
    }

    /// <summary>The distinct reasons, after <paramref name="first"/> (the stream-level one) if given.</summary>
    public WarpZipFallbackReason[] Reasons(WarpZipFallbackReason? first)
    {
        var reasons = new List<WarpZipFallbackReason>();
        if (first is WarpZipFallbackReason stream)
        {
            reasons.Add(stream);
        }

        lock (_reasons)
        {
            foreach (WarpZipFallbackReason reason in _reasons)
            {
                if (!reasons.Contains(reason))
                {
                    reasons.Add(reason);
                }
            }
        }

        return reasons.ToArray();
    }
}
