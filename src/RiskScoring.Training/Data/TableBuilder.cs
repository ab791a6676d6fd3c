using System.Collections.Immutable;
using System.Globalization;
using RiskScoring.Features;
using RiskScoring.Profiles;

namespace RiskScoring.Training.Data;

/// <summary>Builds <see cref="FeatureTable"/>s from accepted records.</summary>
internal static class TableBuilder
{
    /// <summary>Infers the extra features of CSV records (numeric when every value is numeric, else categorical with
    /// ordinal-sorted categories) and builds the table.</summary>
    public static FeatureTable FromCsvRecords(List<BorrowerRecord> records)
    {
        var kinds = new SortedDictionary<string, (bool AnyCategorical, SortedSet<string> Categories)>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            foreach (var (name, value) in record.Profile.Extra)
            {
                if (!kinds.TryGetValue(name, out var entry))
                {
                    entry = (false, new SortedSet<string>(StringComparer.Ordinal));
                }

                entry.Categories.Add(value.ToString());
                kinds[name] = (entry.AnyCategorical || value.IsCategorical, entry.Categories);
            }
        }

        var extras = new List<FeatureDefinition>();
        var categorical = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, (anyCategorical, categories)) in kinds)
        {
            if (anyCategorical)
            {
                categorical.Add(name);
                extras.Add(FeatureDefinition.Categorical(name, "Lender attribute " + BorrowerCsvColumns.ExtraPrefix + name + " (categorical, from the CSV).", [.. categories]));
            }
            else
            {
                extras.Add(FeatureDefinition.Numeric(name, "Lender attribute " + BorrowerCsvColumns.ExtraPrefix + name + " (numeric, from the CSV)."));
            }
        }

        if (categorical.Count > 0)
        {
            // Numbers inside a categorical column become their invariant text, so that they find their category.
            for (int i = 0; i < records.Count; i++)
            {
                var extra = records[i].Profile.Extra;
                if (extra.Any(p => !p.Value.IsCategorical && categorical.Contains(p.Key)))
                {
                    var builder = extra.ToBuilder();
                    foreach (var (name, value) in extra)
                    {
                        if (!value.IsCategorical && categorical.Contains(name))
                        {
                            builder[name] = ExtraValue.Categorical(value.ToString());
                        }
                    }

                    records[i] = records[i] with { Profile = records[i].Profile with { Extra = builder.ToImmutable() } };
                }
            }
        }

        var schema = BorrowerFeatures.CreateSchema(extras);
        return Build(records, schema);
    }

    /// <summary>Extracts every record's features with <paramref name="schema"/>; labels when every record has one;
    /// side attributes from <see cref="BorrowerRecord.SideAttributes"/> (empty text when a record lacks one) and
    /// <c>true_pd</c> when any record has it.</summary>
    public static FeatureTable Build(IReadOnlyList<BorrowerRecord> records, FeatureSchema schema)
    {
        var extractor = new FeatureExtractor(schema);
        int width = schema.Count;
        var values = new float[records.Count * width];
        var ids = new string[records.Count];
        var labels = new bool[records.Count];
        bool allLabelled = true;
        bool anyTruePd = false;
        var attributeNames = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            extractor.Extract(r.Profile, values.AsSpan(i * width, width));
            ids[i] = r.Profile.Id;
            allLabelled &= r.Defaulted.HasValue;
            labels[i] = r.Defaulted ?? false;
            anyTruePd |= r.TruePd.HasValue;
            foreach (var key in r.SideAttributes.Keys)
            {
                attributeNames.Add(key);
            }
        }

        var attributes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string name in attributeNames)
        {
            var column = new string[records.Count];
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = records[i].SideAttributes.GetValueOrDefault(name, string.Empty);
            }

            attributes.Add(name, column);
        }

        if (anyTruePd)
        {
            var column = new string[records.Count];
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = records[i].TruePd?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
            }

            attributes[BorrowerCsvColumns.TruePd] = column;
        }

        return new FeatureTable(schema, values, allLabelled ? labels : null, ids, attributes);
    }
}
