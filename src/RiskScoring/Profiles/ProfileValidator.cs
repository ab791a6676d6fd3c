using System.Globalization;
using System.Runtime.CompilerServices;

namespace RiskScoring.Profiles;

/// <summary>
/// The validation rules of <see cref="BorrowerProfile"/>. Checking a valid profile allocates nothing, so the
/// scorer runs it on every call.
/// </summary>
public static class ProfileValidator
{
    /// <summary>Youngest age accepted, in years.</summary>
    public const int MinAge = 18;

    /// <summary>Oldest age accepted, in years.</summary>
    public const int MaxAge = 120;

    /// <summary>Returns every violation of <paramref name="profile"/> (empty when valid).</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The violations, in field order.</returns>
    public static IReadOnlyList<ProfileError> Validate(BorrowerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sink = new CollectAll();
        Walk(profile, ref sink);
        return sink.Errors ?? (IReadOnlyList<ProfileError>)Array.Empty<ProfileError>();
    }

    /// <summary>True when the profile breaks no rule. Allocates nothing.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>Whether the profile is valid.</returns>
    public static bool IsValid(BorrowerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sink = new StopAtFirst();
        Walk(profile, ref sink);
        return !sink.Failed;
    }

    /// <summary>Throws <see cref="InvalidProfileException"/> naming every violation when the profile is invalid;
    /// allocates nothing when it is valid.</summary>
    /// <param name="profile">The profile.</param>
    /// <exception cref="InvalidProfileException">When a rule is broken.</exception>
    public static void EnsureValid(BorrowerProfile profile)
    {
        if (!IsValid(profile))
        {
            throw new InvalidProfileException(Validate(profile));
        }
    }

    private interface ISink
    {
        bool Stop { get; }

        void Add(string field, string value, string rule);
    }

    private struct StopAtFirst : ISink
    {
        public bool Failed;

        public readonly bool Stop => Failed;

        public void Add(string field, string value, string rule) => Failed = true;
    }

    private struct CollectAll : ISink
    {
        public List<ProfileError>? Errors;

        public readonly bool Stop => false;

        public void Add(string field, string value, string rule) => (Errors ??= []).Add(new ProfileError(field, value, rule));
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Amount<TSink>(ref TSink sink, double value, string field)
        where TSink : struct, ISink
    {
        if (!double.IsFinite(value))
        {
            sink.Add(field, Text(value), "must be a finite number (not NaN or Infinity)");
        }
        else if (value < 0)
        {
            sink.Add(field, Text(value), "must not be negative");
        }
    }

    private static void Range<TSink>(ref TSink sink, int? value, int min, int max, string field)
        where TSink : struct, ISink
    {
        if (value is int v && (v < min || v > max))
        {
            sink.Add(field, Text(v), string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
        }
    }

    private static void Defined<TSink, TEnum>(ref TSink sink, TEnum value, string field)
        where TSink : struct, ISink
        where TEnum : struct, Enum
    {
        if (!DefinedValues<TEnum>.Contains(value))
        {
            sink.Add(field, value.ToString(), "is not a defined " + typeof(TEnum).Name + " value");
        }
    }

    private static void Walk<TSink>(BorrowerProfile p, ref TSink sink)
        where TSink : struct, ISink
    {
        if (p.Id is null)
        {
            sink.Add(nameof(p.Id), "null", "must not be null (use an empty string when there is no id)");
        }

        Defined(ref sink, p.Kind, nameof(p.Kind));
        Range(ref sink, p.Age, MinAge, MaxAge, nameof(p.Age));
        Defined(ref sink, p.Employment, nameof(p.Employment));
        Range(ref sink, p.MonthsInEmployment, 0, 1200, nameof(p.MonthsInEmployment));
        if (sink.Stop)
        {
            return;
        }

        var income = p.IncomeHistory.IsDefault ? default : p.IncomeHistory.AsSpan();
        if (income.Length > BorrowerProfile.MaxIncomeHistoryMonths)
        {
            sink.Add(nameof(p.IncomeHistory), Text(income.Length) + " months", "must hold at most 36 months");
        }

        for (int i = 0; i < income.Length && !sink.Stop; i++)
        {
            if (!double.IsFinite(income[i]) || income[i] < 0)
            {
                Amount(ref sink, income[i], nameof(p.IncomeHistory) + "[" + Text(i) + "]");
            }
        }

        if (p.MonthlyDebtObligations is double debt)
        {
            Amount(ref sink, debt, nameof(p.MonthlyDebtObligations));
        }

        Range(ref sink, p.Dependents, 0, 30, nameof(p.Dependents));
        var lines = p.CreditLines.IsDefault ? default : p.CreditLines.AsSpan();
        for (int i = 0; i < lines.Length && !sink.Stop; i++)
        {
            ref readonly var line = ref lines[i];
            if (!double.IsFinite(line.Limit) || line.Limit < 0 || !double.IsFinite(line.Balance) || line.Balance < 0
                || !double.IsFinite(line.MonthlyInstalment) || line.MonthlyInstalment < 0 || !DefinedValues<CreditLineKind>.Contains(line.Kind))
            {
                string prefix = nameof(p.CreditLines) + "[" + Text(i) + "].";
                Defined(ref sink, line.Kind, prefix + nameof(line.Kind));
                Amount(ref sink, line.Limit, prefix + nameof(line.Limit));
                Amount(ref sink, line.Balance, prefix + nameof(line.Balance));
                Amount(ref sink, line.MonthlyInstalment, prefix + nameof(line.MonthlyInstalment));
            }
        }

        Range(ref sink, p.OpenCreditLinesCount, 0, 1000, nameof(p.OpenCreditLinesCount));
        var r = p.Repayment;
        Range(ref sink, r.PastDue30To59, 0, 1000, nameof(p.Repayment) + "." + nameof(r.PastDue30To59));
        Range(ref sink, r.PastDue60To89, 0, 1000, nameof(p.Repayment) + "." + nameof(r.PastDue60To89));
        Range(ref sink, r.PastDue90Plus, 0, 1000, nameof(p.Repayment) + "." + nameof(r.PastDue90Plus));
        Range(ref sink, r.MonthsSinceLastDelinquency, 0, 1200, nameof(p.Repayment) + "." + nameof(r.MonthsSinceLastDelinquency));
        if (r.EverDelinquent == false && ((r.PastDue30To59 ?? 0) + (r.PastDue60To89 ?? 0) + (r.PastDue90Plus ?? 0) > 0 || r.MonthsSinceLastDelinquency is not null))
        {
            sink.Add(nameof(p.Repayment) + "." + nameof(r.EverDelinquent), "false", "contradicts the past-due counts or months since last delinquency");
        }

        Range(ref sink, p.MonthsOnBook, 0, 1200, nameof(p.MonthsOnBook));
        Range(ref sink, p.EnquiriesLast6Months, 0, 1000, nameof(p.EnquiriesLast6Months));
        if (p.Kind == BorrowerKind.SmallBusiness && p.Business is null)
        {
            sink.Add(nameof(p.Business), "null", "is required for a small-business borrower (its members may be null when unknown)");
        }
        else if (p.Kind == BorrowerKind.Individual && p.Business is not null)
        {
            sink.Add(nameof(p.Business), "set", "must be null for an individual borrower");
        }

        if (p.Business is { } b)
        {
            if (b.AnnualRevenue is double revenue)
            {
                Amount(ref sink, revenue, nameof(p.Business) + "." + nameof(b.AnnualRevenue));
            }

            if (b.YearsTrading is double years)
            {
                Amount(ref sink, years, nameof(p.Business) + "." + nameof(b.YearsTrading));
            }
        }

        if (p.Extra is null)
        {
            sink.Add(nameof(p.Extra), "null", "must not be null (use an empty dictionary)");
            return;
        }

        if (p.Extra.Count > 0)
        {
            foreach (var pair in p.Extra)
            {
                if (!pair.Value.IsCategorical && !double.IsFinite(pair.Value.Number))
                {
                    sink.Add(nameof(p.Extra) + "[" + pair.Key + "]", Text(pair.Value.Number), "must be a finite number (not NaN or Infinity)");
                }
            }
        }
    }

    /// <summary>Whether a value is a defined member of an int-based enum, by a range check when the members are
    /// contiguous (every profile enum), else by <see cref="Enum.IsDefined{TEnum}(TEnum)"/>: the validator runs on every
    /// score, and the range check costs a comparison.</summary>
    private static class DefinedValues<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly bool Contiguous;
        private static readonly int Min;
        private static readonly int Max;

        static DefinedValues()
        {
            var values = Enum.GetValues<TEnum>();
            if (Unsafe.SizeOf<TEnum>() != sizeof(int) || values.Length == 0)
            {
                return;
            }

            var ints = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                ints[i] = Unsafe.As<TEnum, int>(ref values[i]);
            }

            Array.Sort(ints);
            Min = ints[0];
            Max = ints[^1];
            Contiguous = ints.Distinct().Count() == (long)Max - Min + 1;
        }

        public static bool Contains(TEnum value) => Contiguous
            ? Unsafe.As<TEnum, int>(ref value) is var v && v >= Min && v <= Max
            : Enum.IsDefined(value);
    }
}
