using System;
using System.Threading.Tasks;
using WarpZip.Buffers;

namespace WarpZip.Hardware.HisiZip;

/// <summary>How one device request ended: done, or the reason software must redo it.</summary>
internal readonly record struct HardwareOutcome(bool Succeeded, WarpZipFallbackReason Reason, string Detail)
{
    public static HardwareOutcome Success { get; } = new(true, default, string.Empty);

    public static HardwareOutcome Failed(WarpZipFallbackReason reason, string detail) => new(false, reason, detail);
}

/// <summary>
/// One device request: the whole <see cref="Input"/> in one SQE, either a block (stateless) request or,
/// when <see cref="Stream"/> is set, one step of a stateful stream. On success the device's output has
/// been appended to <see cref="Output"/>; on failure <see cref="Output"/> is unchanged.
/// </summary>
internal sealed class HardwareRequest
{
    private readonly TaskCompletionSource<HardwareOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HardwareRequest(ReadOnlyMemory<byte> input, ZipAlgorithm algorithm, bool compress, PooledBuffer output, int expectedOutputLength)
    {
        Input = input;
        Algorithm = algorithm;
        Compress = compress;
        Output = output;
        ExpectedOutputLength = expectedOutputLength;
    }

    public ReadOnlyMemory<byte> Input { get; }

    public ZipAlgorithm Algorithm { get; }

    public bool Compress { get; }

    public PooledBuffer Output { get; }

    /// <summary>For decompression: the exact length the output must have (from the member's index), or -1.</summary>
    public int ExpectedOutputLength { get; }

    /// <summary>For a stream-mode request: the stream it continues (null for a block request).</summary>
    public StreamContext? Stream { get; init; }

    /// <summary>For a stream-mode request: the last request of the stream (FINISH), else a sync flush.</summary>
    public bool Finish { get; init; }

    /// <summary>For a stream-mode request: the words the completion returned, to carry into the next request.</summary>
    public ZipStreamState ReturnedState { get; set; }

    /// <summary>Environment.TickCount64 after which the request counts as timed out.</summary>
    public long Deadline { get; set; }

    public Task<HardwareOutcome> Completion => _completion.Task;

    public void Complete(HardwareOutcome outcome) => _completion.TrySetResult(outcome);
}
