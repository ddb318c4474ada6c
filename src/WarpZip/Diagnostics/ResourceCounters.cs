using System.Threading;

namespace WarpZip.Diagnostics;

/// <summary>
/// Live counts of the resources a stream borrows, so tests can prove that nothing leaks on any path
/// (errors, cancellation, disposal mid-operation). Process-wide; read them when no stream is open.
/// </summary>
internal static class ResourceCounters
{
    private static long s_pooledBuffers;
    private static long s_readAheadProducers;
    private static long s_chunkJobs;

    /// <summary><see cref="Buffers.PooledBuffer"/>s not yet disposed.</summary>
    public static long PooledBuffers => Interlocked.Read(ref s_pooledBuffers);

    /// <summary>Read-ahead producers still running.</summary>
    public static long ReadAheadProducers => Interlocked.Read(ref s_readAheadProducers);

    /// <summary>Chunk jobs created and not yet disposed.</summary>
    public static long ChunkJobs => Interlocked.Read(ref s_chunkJobs);

    public static void PooledBufferCreated() => Interlocked.Increment(ref s_pooledBuffers);

    public static void PooledBufferReleased() => Interlocked.Decrement(ref s_pooledBuffers);

    public static void ProducerStarted() => Interlocked.Increment(ref s_readAheadProducers);

    public static void ProducerStopped() => Interlocked.Decrement(ref s_readAheadProducers);

    public static void ChunkJobCreated() => Interlocked.Increment(ref s_chunkJobs);

    public static void ChunkJobReleased() => Interlocked.Decrement(ref s_chunkJobs);
}
