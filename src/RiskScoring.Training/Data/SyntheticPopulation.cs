using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Profiles;
using F = RiskScoring.Features.BorrowerFeatures;

namespace RiskScoring.Training.Data;

/// <summary>Options of <see cref="SyntheticPopulation.Generate"/>. Immutable; checked once by <see cref="Validate"/>.</summary>
public sealed record SyntheticPopulationOptions
{
    /// <summary>Months of income history for a full history (1 … 36). Default: 12.</summary>
    public int IncomeMonths { get; init; } = 12;

    /// <summary>Share of small-business borrowers (0 … 1). Default: 0.08.</summary>
    public double SmallBusinessShare { get; init; } = 0.08;

    /// <summary>Amounts (income, obligations, limits, balances, instalments) are rounded to multiples of this
    /// (currency units, &gt; 0); business revenue to 10 times it. Default: 10.</summary>
    public double RoundingUnit { get; init; } = 10;

    /// <summary>The date the population describes; <see cref="BorrowerRecord.LastIncreaseDate"/> lies 1–36 months
    /// before it. Default: 2025-12-31 (a fixed date: the library never reads the clock).</summary>
    public DateOnly AsOf { get; init; } = new(2025, 12, 31);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a value is outside its documented range.</exception>
    public void Validate()
    {
        if (IncomeMonths is < 1 or > BorrowerProfile.MaxIncomeHistoryMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(IncomeMonths), IncomeMonths, "must be between 1 and 36");
        }

        if (!(SmallBusinessShare >= 0 && SmallBusinessShare <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SmallBusinessShare), SmallBusinessShare, "must be between 0 and 1");
        }

        if (!(RoundingUnit > 0) || !double.IsFinite(RoundingUnit))
        {
            throw new ArgumentOutOfRangeException(nameof(RoundingUnit), RoundingUnit, "must be a positive finite amount");
        }
    }
}

/// <summary>
/// Generates a synthetic borrower population with realistic joint distributions and a KNOWN true probability of
/// default per borrower (<see cref="BorrowerRecord.TruePd"/>), from which the default flag is drawn. The true PD is
/// the logistic model <see cref="TruePd"/> on the generated profile's standard features; its employment intercepts are
/// calibrated so that the mean PD is about 1.5 % for permanent salaried borrowers and about 8 % for temporary and
/// self-employed ones (see <c>data/README.md</c> for the full model and the calibration).
/// </summary>
public static class SyntheticPopulation
{
    // Calibrated intercepts by EmploymentType (Unknown … Student): mean true PD per employment type on a 200,000-row
    // population with seed 1 hits the targets 6 %, 1.5 %, 8 %, 8 %, 10 %, 15 %, 2.5 %, 5 %
    // (the explicit test SyntheticPopulationTests.CalibrateIntercepts_Prints recomputes them).
    private static readonly double[] Intercepts = [-4.069, -5.436, -4.034, -4.095, -4.334, -2.849, -4.641, -5.206];

    /// <summary>Generates <paramref name="count"/> borrowers. The same count, seed and options give the same records.</summary>
    /// <param name="count">Number of borrowers (≥ 0).</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="options">Options; default <see cref="SyntheticPopulationOptions"/> defaults.</param>
    /// <returns>The records, with <see cref="BorrowerRecord.Defaulted"/>, <see cref="BorrowerRecord.TruePd"/>, and
    /// for borrowers with a revolving line <see cref="BorrowerRecord.CurrentLimit"/> and often a
    /// <see cref="BorrowerRecord.LastIncreaseDate"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="count"/> is negative or an option is out of range.</exception>
    public static IReadOnlyList<BorrowerRecord> Generate(int count, int seed, SyntheticPopulationOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        options ??= new SyntheticPopulationOptions();
        options.Validate();
        var rng = new SyntheticRandom(seed);
        var extractor = new FeatureExtractor();
        var features = new float[F.StandardCount];
        var records = new BorrowerRecord[count];
        for (int i = 0; i < count; i++)
        {
            var (profile, limit, increase) = NextProfile(rng, i, options);
            extractor.Extract(profile, features);
            double pd = Sigmoid(Intercepts[(int)profile.Employment] + LogitOffset(features));
            records[i] = new BorrowerRecord(profile)
            {
                TruePd = pd,
                Defaulted = rng.Uniform() < pd,
                CurrentLimit = limit,
                LastIncreaseDate = increase,
            };
        }

        return records;
    }

    /// <summary>The true PD of a profile under the synthetic model: σ(a[employment] + offset(features)), with σ the
    /// logistic function; the terms are listed in <c>data/README.md</c>.</summary>
    /// <param name="profile">A valid profile.</param>
    /// <returns>The probability of default, in (0, 1).</returns>
    /// <exception cref="InvalidProfileException">When the profile is invalid.</exception>
    public static double TruePd(BorrowerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var features = new float[F.StandardCount];
        new FeatureExtractor().Extract(profile, features);
        return Sigmoid(Intercepts[(int)profile.Employment] + LogitOffset(features));
    }

    /// <summary>The Bayes-optimal AUC of a labelled synthetic population: the AUC of <see cref="BorrowerRecord.TruePd"/>
    /// against the drawn <see cref="BorrowerRecord.Defaulted"/> flags (ties count one half). No model of the same
    /// attributes can be expected to beat it, apart from chance.</summary>
    /// <param name="records">Records with a true PD and a default flag.</param>
    /// <returns>The AUC (0 … 1).</returns>
    /// <exception cref="ArgumentException">When a record lacks a true PD or a flag, or only one class occurs.</exception>
    public static double BayesOptimalAuc(IReadOnlyList<BorrowerRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var scores = new double[records.Count];
        var labels = new bool[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            scores[i] = records[i].TruePd ?? throw new ArgumentException($"Record {i} ('{records[i].Profile.Id}') has no true PD.", nameof(records));
            labels[i] = records[i].Defaulted ?? throw new ArgumentException($"Record {i} ('{records[i].Profile.Id}') has no default flag.", nameof(records));
        }

        return RankAuc(scores, labels);
    }

    /// <summary>AUC by the Mann–Whitney rank sum with mid-ranks for ties.</summary>
    internal static double RankAuc(double[] scores, bool[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(scores.ToArray(), order);
        double rankSumPositives = 0;
        long positives = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double midRank = ((i + j) / 2.0) + 1;
            for (int k = i; k <= j; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPositives += midRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("The AUC needs both defaulted and non-defaulted records.", nameof(labels));
        }

        return (rankSumPositives - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>The logit of the true PD without the employment intercept.</summary>
    internal static double LogitOffset(ReadOnlySpan<float> f)
    {
        double logit = 0;
        float age = f[F.Age];
        logit += float.IsNaN(age) ? 0 : age < 25 ? 0.55 : age < 35 ? 0.25 : age < F.ElderlyAge ? 0 : 0.2;

        float u = f[F.RevolvingUtilisation];
        logit += float.IsNaN(u) ? 0.2 : 1.8 * (Math.Min(u, 1.5) - 0.3);

        float dti = f[F.DebtToIncome];
        logit += float.IsNaN(dti) ? 0.25 : 1.3 * (Math.Min(dti, 3.0) - 0.35);

        float cv = f[F.IncomeCv];
        logit += float.IsNaN(cv) ? 0.4 : 2.2 * Math.Min(cv, 1.5);

        float drops = f[F.IncomeDropShare];
        logit += float.IsNaN(drops) ? 0 : 1.0 * drops;

        logit += (0.45 * Capped(f[F.PastDue30To59], 5)) + (0.75 * Capped(f[F.PastDue60To89], 5)) + (1.1 * Capped(f[F.PastDue90Plus], 5));
        logit += f[F.EverDelinquent] == 1f ? 0.4 : 0;
        logit += 0.07 * Capped(f[F.Enquiries6M], 10);
        if (f[F.BorrowerKind] == (float)BorrowerKind.SmallBusiness)
        {
            float years = f[F.YearsTrading];
            logit += float.IsNaN(years) ? 0.3 : 0.3 - (0.08 * Math.Min(years, 10));
        }

        return Math.Clamp(logit, -9, 5);
    }

    /// <summary>Solves the intercept per employment type that makes the mean PD equal the target (bisection).</summary>
    internal static double[] CalibrateIntercepts(IReadOnlyList<BorrowerRecord> population, IReadOnlyList<double> targets)
    {
        var extractor = new FeatureExtractor();
        var features = new float[F.StandardCount];
        var offsets = new List<double>[Intercepts.Length];
        for (int g = 0; g < offsets.Length; g++)
        {
            offsets[g] = [];
        }

        foreach (var r in population)
        {
            extractor.Extract(r.Profile, features);
            offsets[(int)r.Profile.Employment].Add(LogitOffset(features));
        }

        var result = new double[Intercepts.Length];
        for (int g = 0; g < result.Length; g++)
        {
            double lo = -12, hi = 4;
            for (int it = 0; it < 60 && offsets[g].Count > 0; it++)
            {
                double mid = (lo + hi) / 2;
                double mean = offsets[g].Average(o => Sigmoid(mid + o));
                (lo, hi) = mean < targets[g] ? (mid, hi) : (lo, mid);
            }

            result[g] = Math.Round((lo + hi) / 2, 3);
        }

        return result;
    }

    private static double Capped(float value, double cap) => float.IsNaN(value) ? 0 : Math.Min(value, cap);

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static double Round(double value, double unit) => Math.Round(value / unit, MidpointRounding.AwayFromZero) * unit;

    private static readonly double[][] AgeGroupWeights =
    [
        [0.13, 0.22, 0.20, 0.18, 0.12, 0.15], // individuals
        [0.03, 0.20, 0.30, 0.27, 0.13, 0.07], // small businesses
    ];

    private static readonly (int Min, int Max)[] AgeBands = [(18, 25), (25, 35), (35, 45), (45, 55), (55, 62), (62, 81)];

    // Weights over EmploymentType Unknown, SalariedPermanent, SalariedTemporary, SelfEmployed, Gig, Unemployed, Retired, Student.
    private static readonly double[][] EmploymentWeights =
    [
        [0.01, 0.38, 0.18, 0.03, 0.10, 0.05, 0.00, 0.25], // 18-24
        [0.02, 0.60, 0.14, 0.09, 0.08, 0.05, 0.00, 0.02], // 25-34
        [0.02, 0.66, 0.09, 0.13, 0.05, 0.05, 0.00, 0.00], // 35-44
        [0.02, 0.66, 0.09, 0.13, 0.05, 0.05, 0.00, 0.00], // 45-54
        [0.02, 0.60, 0.07, 0.14, 0.03, 0.06, 0.08, 0.00], // 55-61
        [0.02, 0.14, 0.03, 0.08, 0.01, 0.00, 0.72, 0.00], // 62+
    ];

    // By EmploymentType: median monthly net income, its log-sd across borrowers, month-to-month log-sd, chance of a
    // sharp drop in a month, mean months in the job (0 = not applicable).
    private static readonly double[] IncomeMedian = [2000, 2700, 1900, 2900, 1600, 800, 1700, 700];
    private static readonly double[] IncomeSpread = [0.6, 0.45, 0.4, 0.7, 0.55, 0.3, 0.4, 0.5];
    private static readonly double[] MonthlyVolatility = [0.12, 0.04, 0.15, 0.28, 0.35, 0.10, 0.02, 0.25];
    private static readonly double[] DropChance = [0.02, 0.01, 0.05, 0.05, 0.08, 0.01, 0.0, 0.03];
    private static readonly double[] MeanTenure = [0, 70, 10, 60, 18, 0, 0, 0];
    private static readonly double[] AgeIncomeFactor = [0.7, 0.95, 1.1, 1.1, 1.05, 1.0];

    private static (BorrowerProfile Profile, decimal? Limit, DateOnly? Increase) NextProfile(SyntheticRandom rng, int index, SyntheticPopulationOptions o)
    {
        bool business = rng.Chance(o.SmallBusinessShare);
        double z = rng.Normal(); // latent financial fragility: drives utilisation, delinquency and enquiries together
        int band = rng.Choice(AgeGroupWeights[business ? 1 : 0]);
        int age = rng.Int(AgeBands[band].Min, AgeBands[band].Max);
        var employment = business ? EmploymentType.SelfEmployed : (EmploymentType)rng.Choice(EmploymentWeights[band]);
        int e = (int)employment;
        int maxTenure = (age - 16) * 12;
        int? tenure = MeanTenure[e] > 0 && !rng.Chance(0.03)
            ? (int)Math.Min(maxTenure, Math.Round(-MeanTenure[e] * Math.Log(1 - rng.Uniform())))
            : null;

        double? revenue = null, yearsTrading = null;
        double baseIncome;
        if (business)
        {
            revenue = Round(rng.LogNormal(180_000, 0.8), 10 * o.RoundingUnit);
            baseIncome = revenue.Value * 0.12 / 12 * Math.Exp(0.3 * rng.Normal());
            yearsTrading = Math.Min(age - 18, Math.Round(rng.Gamma(2) * 3.5 * 2, MidpointRounding.AwayFromZero) / 2);
            tenure = (int)Math.Min(maxTenure, yearsTrading.Value * 12);
        }
        else
        {
            baseIncome = rng.LogNormal(IncomeMedian[e], IncomeSpread[e]) * AgeIncomeFactor[band];
        }

        baseIncome *= Math.Exp(-0.15 * z);
        int months = rng.Uniform() switch
        {
            < 0.03 => 0,
            < 0.12 => rng.Int(1, o.IncomeMonths),
            _ => o.IncomeMonths,
        };
        double trend = 0.005 * rng.Normal();
        double sigma = MonthlyVolatility[e];
        var income = ImmutableArray.CreateBuilder<double>(months);
        for (int t = 0; t < months; t++)
        {
            double x = baseIncome * Math.Max(0, 1 + (trend * (t - (months / 2.0)))) * Math.Exp((sigma * rng.Normal()) - (sigma * sigma / 2));
            if (rng.Chance(DropChance[e]))
            {
                x *= rng.Uniform(0.2, 0.6);
            }

            income.Add(Math.Max(0, Round(x, o.RoundingUnit)));
        }

        double? obligations = rng.Chance(0.04) ? null : Round(baseIncome * rng.Beta(0.28, 7) * Math.Exp(0.2 * z), o.RoundingUnit);
        double dependentsRate = band switch { 0 => 0.2, 1 or 2 or 3 => 1.1, 4 => 0.6, _ => 0.1 };
        int? dependents = rng.Chance(0.03) ? null : Math.Min(8, rng.Poisson(dependentsRate));

        double utilisationMean = Sigmoid(-0.9 + (0.8 * z) + band switch { 0 => 0.7, 1 => 0.3, 5 => -0.3, _ => 0 });
        var lines = ImmutableArray.CreateBuilder<CreditLine>();
        int revolving = Math.Min(6, rng.Poisson(band is >= 1 and <= 4 ? 1.7 : 1.2));
        for (int l = 0; l < revolving; l++)
        {
            double limit = Math.Max(250, Round(baseIncome * rng.Uniform(0.3, 1.5), o.RoundingUnit));
            double u = rng.Beta(Math.Clamp(utilisationMean, 0.02, 0.98), 4);
            if (rng.Chance(0.03))
            {
                u *= rng.Uniform(1.0, 1.15);
            }

            lines.Add(CreditLine.Revolving(limit, Round(limit * u, o.RoundingUnit)));
        }

        int loans = Math.Min(3, rng.Poisson(band is >= 1 and <= 3 ? 0.7 : 0.5));
        for (int l = 0; l < loans; l++)
        {
            double instalment = Math.Max(o.RoundingUnit, Round(baseIncome * rng.Uniform(0.03, 0.15), o.RoundingUnit));
            lines.Add(CreditLine.Instalment(Round(instalment * rng.Uniform(6, 48), o.RoundingUnit), instalment));
        }

        var repayment = RepaymentHistory.Unknown;
        if (!rng.Chance(0.02))
        {
            double lambda30 = 0.12 * Math.Exp((0.9 * z) + (0.6 * (utilisationMean - 0.3)));
            int pd30 = rng.Poisson(lambda30), pd60 = rng.Poisson(0.35 * lambda30), pd90 = rng.Poisson(0.2 * lambda30);
            if (pd30 + pd60 + pd90 > 0)
            {
                repayment = new RepaymentHistory(pd30, pd60, pd90, rng.Int(1, 25), true);
            }
            else if (rng.Chance(0.05 * Math.Exp(0.5 * z)))
            {
                repayment = new RepaymentHistory(0, 0, 0, rng.Int(25, 121), true);
            }
            else
            {
                repayment = RepaymentHistory.Clean;
            }
        }

        int? monthsOnBook = rng.Chance(0.05) ? null : rng.Int(0, Math.Min(180, (age - 18) * 12) + 1);
        int? enquiries = rng.Chance(0.03) ? null : rng.Poisson((0.5 * Math.Exp(0.5 * z)) + (band == 0 ? 0.5 : 0));

        var profile = new BorrowerProfile
        {
            Id = "S" + (index + 1).ToString("D6", CultureInfo.InvariantCulture),
            Kind = business ? BorrowerKind.SmallBusiness : BorrowerKind.Individual,
            Age = age,
            Employment = employment,
            MonthsInEmployment = tenure,
            IncomeHistory = income.MoveToImmutable(),
            MonthlyDebtObligations = obligations,
            Dependents = dependents,
            CreditLines = lines.ToImmutable(),
            Repayment = repayment,
            MonthsOnBook = monthsOnBook,
            EnquiriesLast6Months = enquiries,
            Business = business ? new BusinessDetails(revenue, yearsTrading) : null,
        };

        decimal? currentLimit = revolving > 0 ? (decimal)lines[0].Limit : null;
        DateOnly? increase = revolving > 0 && rng.Chance(0.6) ? o.AsOf.AddMonths(-rng.Int(1, 37)) : null;
        return (profile, currentLimit, increase);
    }
}
