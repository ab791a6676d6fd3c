using RiskScoring.Profiles;

namespace RiskScoring.Features;

/// <summary>
/// Turns a <see cref="BorrowerProfile"/> into a feature vector in the order of a borrower <see cref="FeatureSchema"/>,
/// written into the caller's span without allocating. Missing inputs give NaN, never zero; each feature's formula is
/// in <see cref="BorrowerFeatures.Standard"/>.
/// </summary>
/// <threadsafety>Immutable; safe to share across threads.</threadsafety>
public sealed class FeatureExtractor
{
    private readonly string[] _extraNames;
    private readonly FeatureDefinition[] _extraDefinitions;

    /// <summary>Creates an extractor for the standard schema with no extra attributes.</summary>
    public FeatureExtractor()
        : this(BorrowerFeatures.Schema)
    {
    }

    /// <summary>Creates an extractor for a borrower schema (the standard features, then extra attributes).</summary>
    /// <param name="schema">A schema made by <see cref="BorrowerFeatures.CreateSchema"/>.</param>
    /// <exception cref="ArgumentException">When the schema does not start with the standard borrower features.</exception>
    public FeatureExtractor(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!BorrowerFeatures.IsBorrowerSchema(schema))
        {
            throw new ArgumentException($"Schema {schema} is not a borrower schema v{BorrowerFeatures.SchemaVersion}: it must start with the {BorrowerFeatures.StandardCount} standard borrower features.", nameof(schema));
        }

        Schema = schema;
        _extraDefinitions = [.. schema.Features.Skip(BorrowerFeatures.StandardCount)];
        _extraNames = [.. _extraDefinitions.Select(f => f.Name)];
    }

    /// <summary>The schema the vectors follow.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Validates the profile and writes its features into <paramref name="destination"/>.</summary>
    /// <param name="profile">The borrower.</param>
    /// <param name="destination">At least <see cref="FeatureSchema.Count"/> floats.</param>
    /// <exception cref="InvalidProfileException">When the profile is invalid (names the field, value and rule).</exception>
    /// <exception cref="ArgumentException">When the destination is too short.</exception>
    public void Extract(BorrowerProfile profile, Span<float> destination)
    {
        ProfileValidator.EnsureValid(profile);
        if (destination.Length < Schema.Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; schema {Schema} needs {Schema.Count}.", nameof(destination));
        }

        ExtractValidated(profile, destination);
    }

    /// <summary>Writes features of an already validated profile (the scorer validates once per call).</summary>
    internal void ExtractValidated(BorrowerProfile profile, Span<float> f)
    {
        double meanIncome = WriteIncome(profile, f);
        f[BorrowerFeatures.EmploymentType] = profile.Employment == Profiles.EmploymentType.Unknown ? float.NaN : (int)profile.Employment - 1;
        f[BorrowerFeatures.EmploymentMonths] = Value(profile.MonthsInEmployment);
        f[BorrowerFeatures.Age] = Value(profile.Age);
        f[BorrowerFeatures.AgeGroup] = profile.Age is int age ? BorrowerFeatures.AgeGroupOf(age) : float.NaN;
        WriteCredit(profile, meanIncome, f);
        var r = profile.Repayment;
        f[BorrowerFeatures.PastDue30To59] = Value(r.PastDue30To59);
        f[BorrowerFeatures.PastDue60To89] = Value(r.PastDue60To89);
        f[BorrowerFeatures.PastDue90Plus] = Value(r.PastDue90Plus);
        f[BorrowerFeatures.MonthsSinceDelinquency] = Value(r.MonthsSinceLastDelinquency);
        f[BorrowerFeatures.EverDelinquent] = r.EverDelinquent switch
        {
            true => 1f,
            false => 0f,
            null when (r.PastDue30To59 ?? 0) + (r.PastDue60To89 ?? 0) + (r.PastDue90Plus ?? 0) > 0 || r.MonthsSinceLastDelinquency is not null => 1f,
            null when r.PastDue30To59 == 0 && r.PastDue60To89 == 0 && r.PastDue90Plus == 0 => 0f,
            _ => float.NaN,
        };
        f[BorrowerFeatures.MonthsOnBook] = Value(profile.MonthsOnBook);
        f[BorrowerFeatures.Enquiries6M] = Value(profile.EnquiriesLast6Months);
        f[BorrowerFeatures.Dependents] = Value(profile.Dependents);
        f[BorrowerFeatures.OpenCreditLines] = profile.OpenCreditLinesCount ?? profile.CreditLines.Length;
        f[BorrowerFeatures.BorrowerKind] = (int)profile.Kind;
        f[BorrowerFeatures.BusinessRevenue] = profile.Business?.AnnualRevenue is double revenue ? (float)revenue : float.NaN;
        f[BorrowerFeatures.YearsTrading] = profile.Business?.YearsTrading is double years ? (float)years : float.NaN;
        for (int i = 0; i < _extraNames.Length; i++)
        {
            f[BorrowerFeatures.StandardCount + i] = ExtraValue(profile, i);
        }
    }

    private float ExtraValue(BorrowerProfile profile, int i)
    {
        if (!profile.Extra.TryGetValue(_extraNames[i], out var value))
        {
            return float.NaN;
        }

        var definition = _extraDefinitions[i];
        if (definition.Kind == FeatureKind.Categorical)
        {
            return value.IsCategorical ? definition.CodeOf(value.Category) : float.NaN;
        }

        return value.IsCategorical ? float.NaN : (float)value.Number;
    }

    private static float Value(int? value) => value is int v ? v : float.NaN;

    private static double WriteIncome(BorrowerProfile profile, Span<float> f)
    {
        var income = profile.IncomeHistory.IsDefault ? default : profile.IncomeHistory.AsSpan();
        int n = income.Length;
        f[BorrowerFeatures.IncomeMonths] = n;
        if (n == 0)
        {
            f[BorrowerFeatures.IncomeMean] = float.NaN;
            f[BorrowerFeatures.IncomeCv] = float.NaN;
            f[BorrowerFeatures.IncomeDropShare] = float.NaN;
            f[BorrowerFeatures.IncomeTrend] = float.NaN;
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += income[i];
        }

        double mean = sum / n;
        f[BorrowerFeatures.IncomeMean] = (float)mean;

        // One pass, no data-dependent branch: a drop is counted as 0 or 1.
        double squares = 0, sxy = 0;
        int drops = 0;
        double tMean = (n - 1) / 2.0;
        double previous = income[0];
        for (int i = 0; i < n; i++)
        {
            double x = income[i];
            double d = x - mean;
            squares += d * d;
            sxy += (i - tMean) * d;
            drops += x < (1 - BorrowerFeatures.IncomeDropThreshold) * previous ? 1 : 0;
            previous = x;
        }

        f[BorrowerFeatures.IncomeCv] = n >= 2 && mean > 0 ? (float)(Math.Sqrt(squares / n) / mean) : float.NaN;
        f[BorrowerFeatures.IncomeDropShare] = n >= 2 ? (float)((double)drops / (n - 1)) : float.NaN;

        // Slope of the least-squares line through (t, income[t]): Σ(t - t̄)(x - x̄) / Σ(t - t̄)², and Σ(t - t̄)² = n(n² - 1)/12.
        double sxx = n * ((double)n * n - 1) / 12.0;
        f[BorrowerFeatures.IncomeTrend] = n >= 3 && mean > 0 ? (float)(sxy / sxx / mean) : float.NaN;
        return mean;
    }

    private static void WriteCredit(BorrowerProfile profile, double meanIncome, Span<float> f)
    {
        var lines = profile.CreditLines.IsDefault ? default : profile.CreditLines.AsSpan();
        double limit = 0, balance = 0, instalments = 0, maxUtilisation = double.NaN;
        bool anyRevolving = false;
        for (int i = 0; i < lines.Length; i++)
        {
            ref readonly var line = ref lines[i];
            if (line.Kind == CreditLineKind.Revolving)
            {
                anyRevolving = true;
                limit += line.Limit;
                balance += line.Balance;
                if (line.Limit > 0)
                {
                    double u = line.Balance / line.Limit;
                    maxUtilisation = double.IsNaN(maxUtilisation) || u > maxUtilisation ? u : maxUtilisation;
                }
            }
            else
            {
                instalments += line.MonthlyInstalment;
            }
        }

        f[BorrowerFeatures.RevolvingUtilisation] = anyRevolving && limit > 0 ? (float)(balance / limit) : float.NaN;
        f[BorrowerFeatures.MaxLineUtilisation] = (float)maxUtilisation;

        float dti = float.NaN;
        if (profile.MonthlyDebtObligations is double obligations && !double.IsNaN(meanIncome))
        {
            double total = obligations + instalments;
            double income = meanIncome;
            dti = total <= 0 ? 0f
                : income <= 0 ? (float)BorrowerFeatures.MaxDebtToIncome
                : (float)Math.Min(total / income, BorrowerFeatures.MaxDebtToIncome);
        }

        f[BorrowerFeatures.DebtToIncome] = dti;
    }
}
