using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RiskScoring.Samples.Tests;

/// <summary>Keeps every formatted message and every structured state value, for assertions on what was logged.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new System.Text.StringBuilder();
            text.Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var pair in values)
                {
                    text.Append(" | ").Append(pair.Key).Append('=').Append(Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (exception is not null)
            {
                text.Append(" | exception: ").Append(exception.Message);
            }

            owner.Entries.Enqueue(text.ToString());
        }
    }
}
