namespace WarpZip;

/// <summary>What ran for one stream so far: a snapshot, safe to keep.</summary>
/// <param name="Engine">The engine that did the work, e.g. <c>software (zlib-ng)</c>.</param>
/// <param name="BytesIn">Bytes the stream consumed: uncompressed when compressing, compressed when decompressing.</param>
/// <param name="BytesOut">Bytes the stream produced: compressed when compressing, uncompressed when decompressing.</param>
/// <param name="Chunks">Chunks (or gzip members) processed.</param>
/// <param name="ParallelChunks">Of those, how many ran on background workers rather than the caller's thread.</param>
public readonly record struct WarpZipStatistics(string Engine, long BytesIn, long BytesOut, long Chunks, long ParallelChunks);
