using System.CommandLine;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>
/// One <c>riskscore</c> sub-command. Every non-abstract implementation in this assembly is found by
/// <see cref="RiskScoreApp"/> and added to the root command, so adding a command is adding one file.
/// Implementations need a public parameterless constructor.
/// </summary>
internal interface ICliCommand
{
    /// <summary>Position in the help listing (lower first).</summary>
    int Order { get; }

    /// <summary>Builds the command with its options and action.</summary>
    /// <param name="context">Output writers and clock.</param>
    /// <returns>The command.</returns>
    Command Create(CliContext context);
}
