using System;
using System.Collections.Generic;

namespace WarpZip;

/// <summary>What ran for one stream so far: a snapshot, safe to keep.</summary>
/// <param name="Engine">The engine that did the work, e.g. <c>software (zlib-ng)</c> or <c>hisi_zip-0 (hisi_qm_v2)</c>.</param>
/// <param name="BytesIn">Bytes the stream consumed: uncompressed when compressing, compressed when decompressing.</param>
/// <param name="BytesOut">Bytes the stream produced: compressed when compressing, uncompressed when decompressing.</param>
/// <param name="Chunks">Chunks (or gzip members) processed.</param>
/// <param name="ParallelChunks">Of those, how many ran off the caller's thread (on workers or the device).</param>
public readonly record struct WarpZipStatistics(string Engine, long BytesIn, long BytesOut, long Chunks, long ParallelChunks)
{
    /// <summary>Chunks the accelerator completed.</summary>
    public long HardwareChunks { get; init; }

    /// <summary>Chunks that were meant for the accelerator and ran in software instead.</summary>
    public long FallbackChunks { get; init; }

    /// <summary>Each distinct reason software ran instead of the accelerator, in the order first seen.</summary>
    public IReadOnlyList<WarpZipFallbackReason> FallbackReasons { get; init; } = Array.Empty<WarpZipFallbackReason>();
}
