namespace RiskScoring.Cli.Infrastructure;

/// <summary>An error the user can fix (bad file, column or option value): printed without a stack trace, exit code 1.</summary>
internal sealed class UserErrorException : Exception
{
    public UserErrorException(string message)
        : base(message)
    {
    }

    public UserErrorException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public UserErrorException()
    {
    }
}
