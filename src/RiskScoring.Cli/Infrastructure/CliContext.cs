using System.Diagnostics;
using System.Globalization;

namespace RiskScoring.Cli.Infrastructure;

/// <summary>What every command writes to and reads the time from. Results go to <see cref="Out"/>; progress, load
/// reports and errors to <see cref="Err"/>, so stdout can be piped.</summary>
internal sealed class CliContext
{
    private readonly object _gate = new();

    public CliContext(TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        Out = output;
        Err = error;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>Results (tables, summaries).</summary>
    public TextWriter Out { get; }

    /// <summary>Progress, load reports, warnings and errors.</summary>
    public TextWriter Err { get; }

    /// <summary>Clock for package timestamps and timings.</summary>
    public TimeProvider Time { get; }

    /// <summary>Writes one progress line to <see cref="Err"/> (thread-safe).</summary>
    public void Progress(string message)
    {
        lock (_gate)
        {
            Err.WriteLine(message);
            Err.Flush();
        }
    }

    /// <summary>Starts a stopwatch.</summary>
    public static Stopwatch StartTimer() => Stopwatch.StartNew();

    /// <summary>Invariant-culture formatting.</summary>
    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
