#!/usr/bin/env bash
# Packaging proof: pack the five packages (Release) into artifacts/packages, check their metadata, then build and run
# samples/Quickstart OUTSIDE the repository against the packed RiskScoring package from that local folder feed, and
# install the riskscore tool from it. The version comes from Directory.Build.props (<Version>). Usage:
#   samples/ci-packages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$(date +%s)

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
[ -n "$version" ] || { echo "no <Version> in Directory.Build.props" >&2; exit 1; }
feed="$root/artifacts/packages"
rm -rf "$feed"
mkdir -p "$feed"

libraries=(RiskScoring RiskScoring.Training RiskScoring.Reporting RiskScoring.DependencyInjection)
echo "== pack $version (Release) into artifacts/packages"
for project in "${libraries[@]}" RiskScoring.Cli; do
  dotnet pack "src/$project/$project.csproj" -c Release -o "$feed" -v quiet -clp:NoSummary -p:ContinuousIntegrationBuild=true
done

fail() { echo "package check failed: $*" >&2; exit 1; }
check_package() { # id, kind (lib|tool)
  local id=$1 kind=$2 nupkg="$feed/$1.$version.nupkg" nuspec listing
  [ -f "$nupkg" ] || fail "$nupkg missing"
  [ -f "$feed/$id.$version.snupkg" ] || fail "$id: symbols package (.snupkg) missing"
  listing=$(unzip -Z1 "$nupkg")
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  grep -qx 'README.md' <<<"$listing" || fail "$id: README.md not at the package root"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$id: nuspec has no <readme>"
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$id: no MIT license expression"
  grep -q '<description>..*</description>' <<<"$nuspec" || fail "$id: no description"
  grep -q '<tags>..*</tags>' <<<"$nuspec" || fail "$id: no tags"
  grep -q '<repository ' <<<"$nuspec" || fail "$id: no repository metadata"
  if [ "$kind" = lib ]; then
    for tfm in net10.0 net8.0; do
      grep -qx "lib/$tfm/$id.dll" <<<"$listing" || fail "$id: lib/$tfm/$id.dll missing"
      grep -qx "lib/$tfm/$id.xml" <<<"$listing" || fail "$id: XML docs lib/$tfm/$id.xml missing"
    done
  else
    grep -q '<packageType name="DotnetTool"' <<<"$nuspec" || fail "$id: not a dotnet tool package"
  fi
  local what="README, MIT, description, tags, repository, snupkg"
  [ "$kind" = lib ] && what="README, XML docs (net10.0, net8.0), MIT, description, tags, repository, snupkg"
  echo "   ok  $id $version: $what ($(du -k "$nupkg" | cut -f1) KiB)"
}
echo "== check package metadata"
for id in "${libraries[@]}"; do check_package "$id" lib; done
check_package RiskScoring.Cli tool
# The core package must stay light: its only dependency is MathNet.Numerics.
deps=$(unzip -p "$feed/RiskScoring.$version.nupkg" RiskScoring.nuspec | grep -o '<dependency id="[^"]*"' | sed 's/<dependency id="//; s/"//' | sort -u | tr '\n' ' ')
[ "$deps" = "MathNet.Numerics " ] || fail "RiskScoring depends on: $deps (expected MathNet.Numerics only)"
echo "   ok  RiskScoring depends on MathNet.Numerics only"

echo "== Quickstart against the packed package (outside the repository, fresh package folder)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp samples/Quickstart/Program.cs samples/Quickstart/Quickstart.csproj "$work/"
cat > "$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="riskscoring-local" value="$feed" />
  </packageSources>
</configuration>
XML
(cd "$work" && dotnet build -c Release -v quiet -nologo -clp:NoSummary -p:UseProjectReferences=false -p:RiskScoringVersion="$version" -p:RestorePackagesPath="$work/packages")
metadata="$work/packages/riskscoring/$version/.nupkg.metadata"
[ -f "$metadata" ] || fail "Quickstart did not restore RiskScoring $version"
grep -q "\"source\": \"$feed" "$metadata" || fail "RiskScoring $version was not restored from $feed: $(cat "$metadata")"
echo "   ok  restored RiskScoring $version from $feed"
output=$(cd "$work" && dotnet bin/Release/net10.0/Quickstart.dll)
echo "$output" | sed 's/^/   /'
grep -q '^PD .*, score .*, grade ' <<<"$output" || fail "Quickstart output has no PD/score/grade line"

echo "== riskscore tool from the local feed"
dotnet tool install RiskScoring.Cli --version "$version" --tool-path "$work/tools" --add-source "$feed" >/dev/null
"$work/tools/riskscore" --help >/dev/null || fail "riskscore --help failed"
echo "   ok  riskscore $version installs and runs"

echo "packages ok: ${#libraries[@]} libraries + tool, Quickstart ran on the packed package ($(( $(date +%s) - start )) s)"
