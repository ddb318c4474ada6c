using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

namespace WarpZip.Benchmarks;

/// <summary>
/// <c>plot results.csv out.png [--svg out.svg] [--title TEXT]</c>: draws bench/compare-cli.sh's summary
/// CSV as throughput against compressed size, one line per tool configuration joining its levels.
/// Writes the compression chart to out.png and the decompression chart beside it as
/// out-decompress.png (and the same two as SVG when --svg is given).
/// </summary>
internal static class PlotCommand
{
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: WarpZip.Benchmarks plot <results.csv> <out.png> [--svg out.svg] [--title TEXT]");
            return 2;
        }

        string? svg = null;
        string title = "CLI tools on one corpus";
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--svg":
                    svg = args[i + 1];
                    break;
                case "--title":
                    title = args[i + 1];
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        List<Row> rows = Read(args[0]);
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"{args[0]} holds no rows");
            return 1;
        }

        string png = args[1];
        Draw(rows, r => r.CompressMBps, $"{title}: compression", "compression throughput, MB/s (log scale)", png, svg);
        Draw(rows, r => r.DecompressMBps, $"{title}: decompression of each tool's own output", "decompression throughput, MB/s (log scale)",
            Sibling(png, "-decompress"), svg is null ? null : Sibling(svg, "-decompress"));
        Console.WriteLine($"wrote {png} and {Sibling(png, "-decompress")}{(svg is null ? string.Empty : $", {svg} and {Sibling(svg, "-decompress")}")}");
        return 0;
    }

    private static string Sibling(string path, string suffix) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + suffix + Path.GetExtension(path));

    private static void Draw(List<Row> rows, Func<Row, double> value, string title, string yLabel, string png, string? svg)
    {
        var plot = new Plot();
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond];
        int series = 0;
        foreach (IGrouping<string, Row> config in rows.GroupBy(r => r.Config))
        {
            Row[] points = config.Where(r => value(r) > 0).OrderBy(r => r.Ratio).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            double[] xs = points.Select(r => r.Ratio * 100).ToArray();
            double[] ys = points.Select(r => Math.Log10(value(r))).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = config.Key;
            scatter.MarkerSize = 9;
            scatter.MarkerShape = shapes[series % shapes.Length];
            scatter.LineWidth = config.Key.StartsWith("warpzip", StringComparison.Ordinal) ? 2.5f : 1.2f;
            if (!config.Key.StartsWith("warpzip", StringComparison.Ordinal))
            {
                scatter.LinePattern = LinePattern.Dashed;
            }

            foreach (Row point in points)
            {
                var label = plot.Add.Text($"-{point.Level}", point.Ratio * 100, Math.Log10(value(point)));
                label.LabelFontSize = 10;
                label.LabelFontColor = scatter.Color;
                label.OffsetX = 5;
                label.OffsetY = -14;
            }

            series++;
        }

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("N0", CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Title(title);
        plot.XLabel("compressed size, % of original (lower is better)");
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        double[] ratios = rows.Select(r => r.Ratio * 100).ToArray();
        double[] logs = rows.Where(r => value(r) > 0).Select(r => Math.Log10(value(r))).ToArray();
        double xPad = Math.Max(0.5, (ratios.Max() - ratios.Min()) * 0.06);
        plot.Axes.SetLimits(ratios.Min() - xPad, ratios.Max() + xPad, Math.Floor(logs.Min() * 5) / 5, logs.Max() + 0.15);
        plot.SavePng(png, 1100, 700);
        if (svg is not null)
        {
            plot.SaveSvg(svg, 1100, 700);
        }
    }

    private static List<Row> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is int at and >= 0 ? at : throw new InvalidDataException($"{path}: no column {name}");
        int config = Column("config");
        int level = Array.IndexOf(header, "tool_level") is int toolLevel and >= 0 ? toolLevel : Column("level");
        int ratio = Column("ratio");
        int compress = Column("compress_mbps");
        int decompress = Column("decompress_mbps");
        var rows = new List<Row>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] cells = line.Split(',');
            rows.Add(new Row(
                cells[config],
                cells[level],
                double.Parse(cells[ratio], CultureInfo.InvariantCulture),
                double.Parse(cells[compress], CultureInfo.InvariantCulture),
                double.Parse(cells[decompress], CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private sealed record Row(string Config, string Level, double Ratio, double CompressMBps, double DecompressMBps);
}
