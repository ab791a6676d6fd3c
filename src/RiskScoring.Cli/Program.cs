namespace RiskScoring.Cli;

/// <summary>Entry point of the <c>riskscore</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => RiskScoreApp.Run(args, Console.Out, Console.Error);
}
