namespace RiskScoring.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("riskscore");
        return args.Length == 0 ? 0 : 1;
    }
}
