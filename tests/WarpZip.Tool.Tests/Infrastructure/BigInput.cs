using System;
using System.IO;
using System.Text;

namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>Large inputs made block by block (never whole in memory): text blocks that differ from one another.</summary>
public static class BigInput
{
    public const int BlockSize = 1024 * 1024;

    private static readonly byte[] s_text = TestData.Text(4 * BlockSize, seed: 11);

    /// <summary>Block <paramref name="index"/> of the stream: a numbered line, then a 1 MiB window of text that moves with the index.</summary>
    public static byte[] Block(int index)
    {
        byte[] block = new byte[BlockSize];
        int offset = (int)((index * 7919L) % (s_text.Length - BlockSize));
        s_text.AsSpan(offset, BlockSize).CopyTo(block);
        Encoding.ASCII.GetBytes($"block {index}\n").CopyTo(block, 0);
        return block;
    }

    public static void WriteFile(string path, int blocks)
    {
        using FileStream file = File.Create(path);
        for (int i = 0; i < blocks; i++)
        {
            file.Write(Block(i));
        }
    }
}
