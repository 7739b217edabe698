using System;

namespace MeshReady.Tool;

internal static class Program
{
    public static int Main(string[] args) => Cli.Run(args, Console.In, Console.Out, Console.Error);
}
