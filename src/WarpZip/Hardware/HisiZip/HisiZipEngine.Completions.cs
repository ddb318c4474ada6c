using System;
using System.Diagnostics;
using System.Threading;
using WarpZip.Hardware.HisiQm;

namespace WarpZip.Hardware.HisiZip;

/// <summary>The engine's completion thread: reaping CQEs, expiring requests, and when to spin or sleep.</summary>
internal sealed partial class HisiZipEngine
{
    /// <summary>How long the completion thread spins on phase bits before it sleeps in poll().</summary>
    private static readonly long SpinBeforeSleepTicks = Stopwatch.Frequency / 10_000; // 100 µs

    // poll() timeouts: short when other queues also have requests out (the thread watches one fd at a
    // time, and those completions wait until it wakes), longer when the watched queue is the only one.
    private const int PollTimeoutOneBusyQueue = 10;
    private const int PollTimeoutSeveralBusyQueues = 1;

    // The completion thread: reap, then spin briefly while anything is in flight, then sleep in poll()
    // on a busy queue; with nothing in flight, sleep until a submit.
    private void CompleteRequests()
    {
        long idleSince = 0;
        while (!_disposed)
        {
            int reaped = 0;
            int busyQueues = 0;
            HisiZipQueue? busy = null;
            lock (_lock)
            {
                long now = Environment.TickCount64;
                foreach (HisiZipQueue queue in AllQueues())
                {
                    try
                    {
                        reaped += queue.Reap();
                    }
                    catch (Exception ex) when (ex is QueueStoppedException or QueueProtocolException)
                    {
                        FailQueue(queue, ex);
                    }

                    queue.ExpireRequests(now);
                    if (queue.InFlight > 0)
                    {
                        busyQueues++;
                        busy ??= queue;
                    }
                }
            }

            if (reaped > 0)
            {
                idleSince = 0;
            }
            else if (busy is null)
            {
                _work.Wait(100);
                idleSince = 0;
            }
            else if (idleSince == 0 || Stopwatch.GetTimestamp() - idleSince < SpinBeforeSleepTicks)
            {
                idleSince = idleSince == 0 ? Stopwatch.GetTimestamp() : idleSince;
                Thread.SpinWait(64);
            }
            else
            {
                SleepInPoll(busy, busyQueues == 1 ? PollTimeoutOneBusyQueue : PollTimeoutSeveralBusyQueues);
            }
        }
    }

    private void SleepInPoll(HisiZipQueue queue, int timeoutMilliseconds)
    {
        lock (_lock)
        {
            if (_disposed || queue.Abandoned || queue.ArmCompletionInterrupt())
            {
                return;
            }
        }

        try
        {
            queue.WaitForCompletions(timeoutMilliseconds);
        }
        catch (WarpZipDeviceException ex)
        {
            lock (_lock)
            {
                FailQueue(queue, ex);
            }
        }
    }

    private void FailQueue(HisiZipQueue queue, Exception ex)
    {
        WarpZipFallbackReason reason = ex is QueueStoppedException ? WarpZipFallbackReason.QueueStopped : WarpZipFallbackReason.DeviceErrorStatus;
        queue.FailAll(reason, ex.Message);
        SetAside(reason);
    }
}
