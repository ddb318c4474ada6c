using System;
using System.Threading.Tasks;

namespace WarpZip.Tests.Infrastructure;

/// <summary>
/// Runs a long loop of decodes on a worker and fails the test if it never finishes, so a decoder
/// that spins forever on hostile input fails this suite instead of hanging CI. Not a timing assertion:
/// the limit is minutes, far beyond the seconds the work needs.
/// </summary>
public static class HangGuard
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="action"/>, rethrowing its failure; fails if it has not ended within the limit.</summary>
    public static void Run(Action action)
    {
        Task task = Task.Factory.StartNew(action, TaskCreationOptions.LongRunning);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(Limit))
        {
            Assert.Fail($"The operation did not finish within {Limit.TotalMinutes} minutes: the decoder probably hangs.");
        }

        task.GetAwaiter().GetResult();
    }
}
