using System.Collections.Generic;
using System.IO;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>
/// Replays tests/fuzz/regressions through the fuzz target (a separate process: the harness itself).
/// Every crash or hang a fuzzer finds is saved there, so it stays fixed; the seeds live there too.
/// </summary>
public sealed class FuzzRegressionTests
{
    [Fact]
    public void EveryRegressionInput_PassesTheFuzzTarget()
    {
        string directory = Path.Combine(RobustnessPaths.RepositoryRoot, "tests", "fuzz", "regressions");
        Assert.True(Directory.GetFiles(directory).Length >= 3, $"no regression inputs in {directory}");
        string printed = System.Text.Encoding.UTF8.GetString(ExternalTool.Run("dotnet", new List<string> { RobustnessPaths.FuzzDll, "replay", directory }, []));
        Assert.DoesNotContain("\tFAIL", printed, System.StringComparison.Ordinal);
    }
}
