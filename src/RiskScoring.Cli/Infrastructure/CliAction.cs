using RiskScoring.Training.Data;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>Runs a command body and turns expected failures into a one-line message on stderr and exit code 1.</summary>
internal static class CliAction
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a user error (bad file, column, value).</summary>
    public const int UserError = 1;

    /// <summary>Exit code of a command line that does not parse.</summary>
    public const int ParseError = 2;

    public static int Run(CliContext context, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (Message(e) is { } message)
        {
            context.Err.WriteLine("error: " + message);
            if (Environment.GetEnvironmentVariable("RISKSCORE_DEBUG") == "1")
            {
                context.Err.WriteLine(e.ToString());
            }

            return UserError;
        }
    }

    /// <summary>The message of an expected failure, or null for a bug (which then surfaces with its stack trace).</summary>
    private static string? Message(Exception e) => e switch
    {
        UserErrorException u => u.Message,
        DataLoadException d => d.Message,
        InvalidDataException i => i.Message,
        FileNotFoundException f => f.Message,
        DirectoryNotFoundException d => d.Message,
        UnauthorizedAccessException u => u.Message,
        IOException io => io.Message,
        NotSupportedException n => n.Message,
        ArgumentException a => StripParameter(a),
        _ => null,
    };

    private static string StripParameter(ArgumentException a)
    {
        string suffix = a.ParamName is null ? string.Empty : " (Parameter '" + a.ParamName + "')";
        string message = a.Message;
        int at = suffix.Length == 0 ? -1 : message.IndexOf(suffix, StringComparison.Ordinal);
        return at >= 0 ? message.Remove(at, suffix.Length) : message;
    }
}
