using System.Diagnostics;
using System.Threading.Tasks;

namespace WarpZip.Pipeline;

/// <summary>
/// Runs the synchronous flavour of a method written once for both flavours (an <c>isAsync</c>
/// parameter, as dotnet/runtime does): with <c>isAsync: false</c> it blocks on plain calls and never
/// returns an incomplete task, so reading the result here is not sync-over-async.
/// </summary>
internal static class SyncPath
{
    public static void Complete(ValueTask task)
    {
        Debug.Assert(task.IsCompleted, "the synchronous path must complete synchronously");
        task.GetAwaiter().GetResult();
    }
}
