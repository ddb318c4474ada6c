using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace WarpZip.Pipeline;

/// <summary>
/// The one set of compression threads every WarpZip stream in the process shares: as many as there
/// are cores, started on first use, so a hundred concurrent streams still run on that many threads.
/// Work items are CPU-only and never block, so a FIFO queue cannot deadlock. Dedicated threads (not
/// the thread pool) keep a synchronous caller that waits for a chunk from starving the workers.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "One instance lives as long as the process; its threads never stop.")]
internal sealed class WorkerPool
{
    private readonly BlockingCollection<IWorkItem> _queue = new(new ConcurrentQueue<IWorkItem>());
    private readonly int _threadCount;
    private int _started;

    private WorkerPool(int threadCount)
    {
        _threadCount = threadCount;
    }

    public static WorkerPool Shared { get; } = new(Environment.ProcessorCount);

    public int ThreadCount => _threadCount;

    /// <summary>Items queued and not yet taken by a worker (for tests and diagnostics).</summary>
    public int QueuedCount => _queue.Count;

    public void Enqueue(IWorkItem item)
    {
        if (Volatile.Read(ref _started) == 0)
        {
            StartThreads();
        }

        _queue.Add(item);
    }

    private void StartThreads()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        for (int i = 0; i < _threadCount; i++)
        {
            var thread = new Thread(Run) { IsBackground = true, Name = $"WarpZip worker {i}" };
            thread.Start();
        }
    }

    private void Run()
    {
        foreach (IWorkItem item in _queue.GetConsumingEnumerable())
        {
            item.Execute();
        }
    }
}

/// <summary>A unit of work for <see cref="WorkerPool"/>; it must catch its own exceptions.</summary>
internal interface IWorkItem
{
    void Execute();
}
