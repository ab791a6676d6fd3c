using System.CommandLine;
using RiskScoring.Cli.Infrastructure;

namespace RiskScoring.Cli;

/// <summary>Builds the <c>riskscore</c> root command from every <see cref="ICliCommand"/> in this assembly and runs it.</summary>
internal static class RiskScoreApp
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("riskscore: evaluate, train and report credit risk (PD) models on CSV data.");
        foreach (var command in Discover())
        {
            root.Subcommands.Add(command.Create(context));
        }

        return root;
    }

    /// <summary>Parses and runs a command line. Exit codes: 0 success, 1 user error, 2 parse error.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go (stdout).</param>
    /// <param name="error">Where progress and errors go (stderr).</param>
    /// <param name="time">Clock; null = system clock.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        var context = new CliContext(output, error, time);
        var root = CreateRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine("error: " + e.Message);
            }

            string name = parse.CommandResult.Command is RootCommand ? "riskscore" : "riskscore " + parse.CommandResult.Command.Name;
            error.WriteLine($"Run '{name} --help' for usage.");
            return CliAction.ParseError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static IEnumerable<ICliCommand> Discover() =>
        typeof(RiskScoreApp).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Order);
}
