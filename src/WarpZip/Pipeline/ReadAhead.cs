using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using WarpZip.Engines;
using WarpZip.Diagnostics;
using WarpZip.Formats;

namespace WarpZip.Pipeline;

/// <summary>
/// Decompression ahead of the caller. A producer task takes over the sequential decoder and fills a
/// bounded queue, in stream order, with decoded blocks; indexed gzip members are cut out by their
/// recorded length and inflated on the shared workers in parallel. The reader copies from the queue.
/// </summary>
internal sealed class ReadAhead : IDisposable
{
    private const int BlockSize = 256 * 1024;

    // The producer's reads from the base stream (the caller's own reads use 64 KiB).
    private const int InputReadSize = 256 * 1024;

    // An index larger than this is not trusted for parallel decoding (bounded memory); such members
    // are decoded sequentially, which handles any size.
    private const int MaxIndexedUncompressed = WarpZipOptions.MaxChunkSize;
    private const int MaxIndexedMember = WarpZipOptions.MaxChunkSize + (WarpZipOptions.MaxChunkSize / 8) + 1024;

    private readonly SequentialDecoder _decoder;
    private readonly EngineChoice _engines;
    private readonly DeviceTally _tally;
    private readonly bool _strict;
    private readonly ConcurrentQueue<Task<DecodedBlock>> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Task _producer;
    private DecodedBlock? _current;
    private int _offset;
    private bool _ended;
    private ExceptionDispatchInfo? _error;
    private long _blocks;
    private long _parallelMembers;

    public ReadAhead(SequentialDecoder decoder, EngineChoice engines, DeviceTally tally, bool strict, int parallelism)
    {
        _decoder = decoder;
        _engines = engines;
        _tally = tally;
        _strict = strict;
        _slots = new SemaphoreSlim((2 * parallelism) + 2);
        decoder.PauseAtMemberStart = true;
        decoder.EnlargeInputBuffer(InputReadSize);
        ResourceCounters.ProducerStarted();
        _producer = Task.Run(ProduceAsync);
    }

    public long Blocks => Interlocked.Read(ref _blocks);

    public long ParallelMembers => Interlocked.Read(ref _parallelMembers);

    public int Read(Span<byte> buffer) => CopyOut(CurrentBlock().Span, buffer);

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> block = await CurrentBlockAsync(cancellationToken).ConfigureAwait(false);
        return CopyOut(block.Span, buffer.Span);
    }

    private int CopyOut(ReadOnlySpan<byte> block, Span<byte> buffer)
    {
        int copied = Math.Min(block.Length, buffer.Length);
        block[..copied].CopyTo(buffer);
        if (copied > 0)
        {
            Consume(copied);
        }

        return copied;
    }

    /// <summary>
    /// The unread rest of the current block, waiting for the next one if needed; empty at the end of
    /// the stream. Read copies from it; CopyTo writes it to the destination as it is. Call
    /// <see cref="Consume"/> for what was delivered.
    /// </summary>
    public ReadOnlyMemory<byte> CurrentBlock()
    {
        while (true)
        {
            _error?.Throw();
            if (_current is not null)
            {
                return _current.Array.AsMemory(_offset, _current.Length - _offset);
            }

            if (_ended)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            _available.Wait();
            TakeNext(SyncResult);
        }
    }

    /// <inheritdoc cref="CurrentBlock"/>
    public async ValueTask<ReadOnlyMemory<byte>> CurrentBlockAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _error?.Throw();
            if (_current is not null)
            {
                return _current.Array.AsMemory(_offset, _current.Length - _offset);
            }

            if (_ended)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            _queue.TryPeek(out Task<DecodedBlock>? next);
            await ((Task)next!).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // TakeNext records a failure
            TakeNext(SyncResult);
        }
    }

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="CurrentBlock"/> as delivered.</summary>
    public void Consume(int count)
    {
        _offset += count;
        if (_offset == _current!.Length)
        {
            _current.Return();
            _current = null;
            _slots.Release();
        }
    }

    private static DecodedBlock SyncResult(Task<DecodedBlock> task) => task.GetAwaiter().GetResult();

    private void TakeNext(Func<Task<DecodedBlock>, DecodedBlock> wait)
    {
        _queue.TryDequeue(out Task<DecodedBlock>? next);
        try
        {
            DecodedBlock block = wait(next!);
            if (ReferenceEquals(block, DecodedBlock.End))
            {
                _ended = true;
                return;
            }

            _current = block;
            _offset = 0;
        }
        catch (Exception ex)
        {
            _error = ExceptionDispatchInfo.Capture(ex);
            _ended = true;
            _slots.Release();
        }
    }

    private async Task ProduceAsync()
    {
        CancellationToken cancellationToken = _cancellation.Token;
        try
        {
            while (!_decoder.IsDone)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                Task<DecodedBlock>? next = null;
                if (_decoder.AtGZipMemberStart)
                {
                    next = await TryCutIndexedMemberAsync(cancellationToken).ConfigureAwait(false);
                }

                next ??= await DecodeSequentialBlockAsync(cancellationToken).ConfigureAwait(false);
                if (next is null)
                {
                    _slots.Release();
                    continue;
                }

                Interlocked.Increment(ref _blocks);
                Publish(next);
            }

            Publish(Task.FromResult(DecodedBlock.End));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: nobody is reading any more.
        }
        catch (Exception ex)
        {
            Publish(Task.FromException<DecodedBlock>(ex));
        }
        finally
        {
            ResourceCounters.ProducerStopped();
        }
    }

    private void Publish(Task<DecodedBlock> item)
    {
        _queue.Enqueue(item);
        _available.Release();
    }

    private async ValueTask<Task<DecodedBlock>?> TryCutIndexedMemberAsync(CancellationToken cancellationToken)
    {
        IndexedMember.Probe probe;
        int memberLength;
        int uncompressedLength;
        while ((probe = IndexedMember.TryRead(_decoder.Buffered, out memberLength, out uncompressedLength)) == IndexedMember.Probe.NeedMoreData
            && !_decoder.InputEnded)
        {
            await _decoder.FillAsync(cancellationToken).ConfigureAwait(false);
        }

        if (probe != IndexedMember.Probe.Indexed || memberLength > MaxIndexedMember || uncompressedLength > MaxIndexedUncompressed)
        {
            return null;
        }

        byte[] member = ArrayPool<byte>.Shared.Rent(memberLength);
        int have = _decoder.TakeInput(member.AsSpan(0, memberLength));
        while (have < memberLength)
        {
            int read = await _decoder.BaseStream.ReadAsync(member.AsMemory(have, memberLength - have), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            have += read;
            _decoder.CountDirectRead(read);
        }

        bool complete = have == memberLength;
        var job = new MemberJob(_engines, _tally, member, complete ? memberLength : have, uncompressedLength, complete, _strict);
        if (complete)
        {
            _decoder.MemberDecodedElsewhere();
        }
        else
        {
            _decoder.EndOfInputReached();
        }

        Interlocked.Increment(ref _parallelMembers);
        job.Start();
        return job.Completion;
    }

    private async ValueTask<Task<DecodedBlock>?> DecodeSequentialBlockAsync(CancellationToken cancellationToken)
    {
        byte[] block = ArrayPool<byte>.Shared.Rent(BlockSize);
        int filled = 0;
        try
        {
            while (filled < block.Length)
            {
                SequentialDecoder.StepResult result = _decoder.Step(block.AsSpan(filled), out int written);
                filled += written;
                if (result == SequentialDecoder.StepResult.NeedInput)
                {
                    await _decoder.FillAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (result != SequentialDecoder.StepResult.Produced)
                {
                    break; // Done, or a member start to probe on the next round.
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(block);
            throw;
        }

        if (filled == 0)
        {
            ArrayPool<byte>.Shared.Return(block);
            return null;
        }

        return Task.FromResult(new DecodedBlock(block, filled));
    }

    /// <summary>Stops the producer and gives back every buffer; the base stream is untouched afterwards.</summary>
    public async ValueTask StopAsync(bool isAsync)
    {
        if (isAsync)
        {
            await _cancellation.CancelAsync().ConfigureAwait(false);
        }
        else
        {
            _cancellation.Cancel();
        }

        if (isAsync)
        {
            await _producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        else
        {
            _producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }

        _current?.Return();
        _current = null;
        while (_queue.TryDequeue(out Task<DecodedBlock>? item))
        {
            // Member jobs may still be running on a worker; their buffers come back when they finish.
            _ = item.ContinueWith(static t => t.Result.Return(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _cancellation.Dispose();
        _available.Dispose();
        _slots.Dispose();
    }

    public void Dispose() => SyncPath.Complete(StopAsync(isAsync: false));
}
