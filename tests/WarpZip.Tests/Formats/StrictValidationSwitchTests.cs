using System;
using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Concurrency;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Formats;

/// <summary>
/// <see cref="WarpZipOptions.StrictValidation"/> = null follows the AppContext switch
/// System.IO.Compression.UseStrictValidation. The switch is process-wide, so these tests run alone
/// and put it back afterwards.
/// </summary>
[Collection(nameof(ProcessWideGroup))]
public sealed class StrictValidationSwitchTests
{
    private const string Switch = "System.IO.Compression.UseStrictValidation";

    private static byte[] Truncated()
    {
        using var output = new MemoryStream();
        using (var stream = new WarpGZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            stream.Write(TestData.Create(DataKind.Text, 10_000));
        }

        return output.ToArray()[..^3];
    }

    private static byte[] Decode(byte[] input, bool? strict) =>
        Bytes.ReadAll(new WarpGZipStream(new MemoryStream(input), CompressionMode.Decompress, new WarpZipOptions { StrictValidation = strict, DegreeOfParallelism = 2 }));

    [Fact]
    public void NullStrictValidation_FollowsTheAppContextSwitch()
    {
        byte[] truncated = Truncated();
        bool hadSwitch = AppContext.TryGetSwitch(Switch, out bool previous);
        try
        {
            AppContext.SetSwitch(Switch, true);
            Assert.Throws<InvalidDataException>(() => Decode(truncated, strict: null));
            Assert.Throws<InvalidDataException>(() => Decode([], strict: null));
            Assert.NotEmpty(Decode(truncated, strict: false)); // an explicit false wins over the switch

            AppContext.SetSwitch(Switch, false);
            Assert.NotEmpty(Decode(truncated, strict: null));
            Assert.Empty(Decode([], strict: null));
            Assert.Throws<InvalidDataException>(() => Decode(truncated, strict: true)); // an explicit true wins too
        }
        finally
        {
            AppContext.SetSwitch(Switch, hadSwitch && previous);
        }
    }
}
