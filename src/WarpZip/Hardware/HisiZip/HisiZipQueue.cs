using System;
using System.Collections.Generic;
using WarpZip.Hardware.HisiQm;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Hardware.HisiZip;

/// <summary>
/// One started ZIP queue with its share-memory slots: a slot is an input buffer and an output buffer
/// in device-addressable memory. Requests are copied in, described by a block SQE whose tag is the
/// slot number, and copied out when their CQE arrives. All members are called under the engine's lock
/// for this queue (one producer, one consumer).
/// </summary>
internal sealed unsafe class HisiZipQueue : IDisposable
{
    private readonly QmQueuePair _pair;
    private readonly ShareMemory _memory;
    private readonly HardwareRequest?[] _pending;
    private readonly Stack<int> _free = new();
    private readonly Stack<StreamContext> _freeContexts = new();

    /// <summary>
    /// <paramref name="memory"/> holds 2 × <paramref name="slots"/> request buffers (input, output per
    /// slot) and, when it has one more buffer, that buffer cut into stream contexts.
    /// </summary>
    public HisiZipQueue(QmQueuePair pair, ShareMemory memory, int slots, int maxStreamContexts)
    {
        _pair = pair;
        _memory = memory;
        _pending = new HardwareRequest?[slots];
        for (int slot = slots - 1; slot >= 0; slot--)
        {
            _free.Push(slot);
        }

        if (memory.BufferCount > 2 * slots)
        {
            ShareBuffer contexts = memory[2 * slots];
            int count = Math.Min(maxStreamContexts, contexts.Length / StreamContext.BufferSize);
            for (int index = count - 1; index >= 0; index--)
            {
                _freeContexts.Push(new StreamContext(this, contexts.Slice(index * StreamContext.BufferSize, StreamContext.BufferSize)));
            }
        }
    }

    public string DeviceName => _pair.Device.Name;

    /// <summary>The largest input one request may carry here.</summary>
    public int MaxInput => _memory.BufferSize;

    /// <summary>Requests waiting for the device (abandoned slots no longer count).</summary>
    public int InFlight
    {
        get
        {
            int count = 0;
            foreach (HardwareRequest? request in _pending)
            {
                count += request is null ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>Set when a request timed out or the queue stopped: a slot may still be written by the device, so nothing more goes here.</summary>
    public bool Abandoned => AbandonReason is not null;

    /// <summary>Why the queue was abandoned.</summary>
    public WarpZipFallbackReason? AbandonReason { get; private set; }

    /// <summary>Takes a free stream context (zeroed, at stream start), or null when all are in use.</summary>
    public StreamContext? TryTakeContext()
    {
        if (Abandoned || !_freeContexts.TryPop(out StreamContext? context))
        {
            return null;
        }

        context.Restart();
        return context;
    }

    /// <summary>
    /// Gives a context back once its stream has no request in flight. On an abandoned queue the device
    /// may still write it, so it is never reused.
    /// </summary>
    public void ReturnContext(StreamContext context)
    {
        if (!Abandoned)
        {
            _freeContexts.Push(context);
        }
    }

    public bool TrySubmit(HardwareRequest request, long deadline)
    {
        if (Abandoned || _free.Count == 0 || request.Input.Length > MaxInput || (request.Stream is not null && request.Stream.Queue != this))
        {
            return false;
        }

        Span<byte> sqe = _pair.NextSlot(out _);
        if (sqe.IsEmpty)
        {
            return false;
        }

        int slot = _free.Pop();
        ShareBuffer input = _memory[2 * slot];
        ShareBuffer output = _memory[(2 * slot) + 1];
        request.Input.Span.CopyTo(input.Span);
        var zipRequest = new ZipRequest(
            request.Algorithm, input.DeviceAddress, (uint)request.Input.Length, output.DeviceAddress, (uint)output.Length, (uint)slot, request.Compress);
        if (request.Stream is StreamContext stream)
        {
            var step = new ZipStreamStep(stream.AtStreamStart, request.Finish, stream.HardwareAreaAddress, stream.State);
            ZipSqe.WriteStreamRequest(sqe, _pair.QmVersion, zipRequest, step);
        }
        else
        {
            ZipSqe.WriteBlockRequest(sqe, _pair.QmVersion, zipRequest);
        }

        request.Deadline = deadline;
        _pending[slot] = request;
        try
        {
            _pair.Submit();
        }
        catch
        {
            _pending[slot] = null;
            _free.Push(slot);
            throw;
        }

        return true;
    }

    /// <summary>Takes every completion that is ready; returns how many.</summary>
    public int Reap()
    {
        int count = 0;
        while (_pair.TryComplete(out int sqSlot))
        {
            count++;
            ReadOnlySpan<byte> sqe = _pair.Slot(sqSlot);
            ZipResult result = ZipSqe.ReadResult(sqe, _pair.QmVersion);
            if (result.Tag >= (uint)_pending.Length || _pending[result.Tag] is not HardwareRequest request)
            {
                throw new QueueProtocolException($"{DeviceName} completed a request with unknown tag {result.Tag}.");
            }

            _pending[result.Tag] = null;
            _free.Push((int)result.Tag);
            if (request.Stream is not null)
            {
                request.ReturnedState = ZipSqe.ReadStreamState(sqe);
            }

            request.Complete(Deliver(request, result, _memory[(2 * (int)result.Tag) + 1]));
        }

        return count;
    }

    private static HardwareOutcome Deliver(HardwareRequest request, in ZipResult result, ShareBuffer output)
    {
        if (!result.Succeeded)
        {
            return HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus, $"status 0x{(byte)result.Status:X2}");
        }

        if (result.Produced > (uint)output.Length || result.Consumed != (uint)request.Input.Length)
        {
            return HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus,
                $"device reported {result.Consumed} bytes consumed of {request.Input.Length} and {result.Produced} produced");
        }

        if (request.ExpectedOutputLength >= 0 && result.Produced != (uint)request.ExpectedOutputLength)
        {
            return HardwareOutcome.Failed(WarpZipFallbackReason.DeviceErrorStatus,
                $"device produced {result.Produced} bytes, the member's index says {request.ExpectedOutputLength}");
        }

        request.Output.Write(new ReadOnlySpan<byte>(output.Pointer, (int)result.Produced));
        return HardwareOutcome.Success;
    }

    /// <summary>Fails requests past their deadline and abandons the queue if any were.</summary>
    public void ExpireRequests(long now)
    {
        for (int slot = 0; slot < _pending.Length; slot++)
        {
            if (_pending[slot] is HardwareRequest request && now > request.Deadline)
            {
                AbandonReason ??= WarpZipFallbackReason.Timeout;
                _pending[slot] = null;
                request.Complete(HardwareOutcome.Failed(WarpZipFallbackReason.Timeout, $"{DeviceName} did not complete a request in time"));
            }
        }
    }

    /// <summary>Fails every pending request (the queue stopped or broke the protocol).</summary>
    public void FailAll(WarpZipFallbackReason reason, string detail)
    {
        AbandonReason ??= reason;
        for (int slot = 0; slot < _pending.Length; slot++)
        {
            if (_pending[slot] is HardwareRequest request)
            {
                _pending[slot] = null;
                request.Complete(HardwareOutcome.Failed(reason, detail));
            }
        }
    }

    /// <summary>Arms the completion interrupt before a sleep in poll(); true if a completion is already waiting.</summary>
    public bool ArmCompletionInterrupt() => _pair.ArmCompletionInterrupt();

    /// <summary>Sleeps in poll() until the queue reports completions or the timeout passes (call without the engine's lock).</summary>
    public bool WaitForCompletions(int timeoutMilliseconds) => _pair.WaitForCompletions(timeoutMilliseconds);

    public void Dispose()
    {
        FailAll(WarpZipFallbackReason.QueueStopped, "queue closed");
        _pair.Dispose();
        _memory.Dispose();
    }
}
