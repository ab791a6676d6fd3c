#!/usr/bin/env bash
# CI benchmark guard (called from .ci/run): a short in-process BenchmarkDotNet run of the PredictionEngine comparisons
# (model evaluation and full assessment, logistic / scorecard / GBDT on the bundled synthetic data), exported as
# markdown and JSON under benchmarks/results/ci/, then checked (CiCheck): model evaluation on the model's own input
# vector must be at least MIN_RATIO (default 3) times faster than ML.NET's PredictionEngine on the same model and
# vector; the scorer's raw-feature kernel and the full assessment must stay above regression floors (1.25x and 0.5x
# their PredictionEngine baselines); nothing may allocate per score. Ratios within one run, never absolute times.
# Exit code: 0 = pass, 1 = a check failed or the run failed.
#
# Usage: benchmarks/ci-bench.sh [output-dir]      (default benchmarks/results/ci)
#        MIN_RATIO=2 benchmarks/ci-bench.sh       (another threshold)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="${1:-benchmarks/results/ci}"
min_ratio="${MIN_RATIO:-3}"
start=$(date +%s)

dotnet build benchmarks/RiskScoring.Benchmarks -c Release --nologo -v quiet
bench=benchmarks/RiskScoring.Benchmarks/bin/Release/net10.0/RiskScoring.Benchmarks.dll
rm -rf "$out"
mkdir -p "$out"

# ShortRun: 1 launch, 3 warm-up and 3 measured iterations; in-process (no per-benchmark build or process).
dotnet "$bench" \
  --filter '*ModelEvaluationBenchmarks.PredictionEngine' '*ModelEvaluationBenchmarks.RiskScorerKernel' \
           '*ModelEvaluationBenchmarks.PredictionEngineEncodedInput' '*ModelEvaluationBenchmarks.CompiledModelEncodedInput' \
           '*FullAssessmentBenchmarks.PredictionEngine' '*FullAssessmentBenchmarks.RiskScorer' \
  --job short --inProcess --artifacts "$out" --join

status=0
dotnet "$bench" --check "$out"/results/*-report-full.json --min-ratio "$min_ratio" | tee "$out/check.txt" || status=$?
echo "ci-bench: $(( $(date +%s) - start )) s" | tee -a "$out/check.txt"
exit "$status"
