#!/usr/bin/env bash
# Can this machine reach a package registry? Each check asks the registry's own client
# (or, for NuGet, the first source `dotnet nuget list source` names) for one small thing,
# and answers fast when nothing is there. Used by the build's tasks to choose between the
# registry and ../shared/offline, and by scripts/languages.sh to decide what to build.
#
#   scripts/registries.sh pypi                   PyPI answers pip
#   scripts/registries.sh maven GROUP:ARTIFACT:VERSION
#                                                Maven's remote repository serves that pom
#   scripts/registries.sh nuget                  the first enabled NuGet source answers
#   scripts/registries.sh goproxy MODULE@VERSION the Go module proxy serves that version
#
# Exit 0 when it answers; otherwise print why on stdout and exit 1.
set -uo pipefail
cd "$(dirname "$0")/.."

pypi() {
  if ! python3 -m pip index versions pip --retries 0 --timeout 15 >/dev/null 2>&1; then
    echo "PyPI does not answer: pip index versions pip failed"
    return 1
  fi
}

maven() {
  local artifact=$1 repo
  # A new local repository, so what is cached here cannot stand in for the registry.
  repo=$(mktemp -d)
  trap 'rm -rf "$repo"' RETURN
  if ! mvn -B -q -Dmaven.repo.local="$repo" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get \
    -Dartifact="$artifact:pom" -Dtransitive=false >/dev/null 2>&1; then
    echo "Maven's remote repository does not serve $artifact"
    return 1
  fi
}

nuget() {
  local source
  source=$(dotnet nuget list source --format Short 2>/dev/null | awk '$1 == "E" && $2 ~ /^https?:/ { print $2; exit }')
  if [ -z "$source" ]; then
    echo "no enabled NuGet source over HTTP in dotnet nuget list source"
    return 1
  fi
  if ! curl -sf -m 15 -o /dev/null "$source"; then
    echo "the NuGet source $source does not answer"
    return 1
  fi
}

goproxy() {
  local module=$1
  # In the Go consumer's module: `go list -m PATH@VERSION` asks the proxy for that version.
  if ! (cd consumers/go && go list -m "$module") >/dev/null 2>&1; then
    echo "the Go module proxy does not serve $module"
    return 1
  fi
}

case "${1:-}" in
  pypi | nuget) "$1" ;;
  maven | goproxy)
    [ $# -eq 2 ] || { echo "usage: $0 $1 WHAT" >&2; exit 2; }
    "$1" "$2"
    ;;
  *)
    echo "usage: $0 pypi | maven GROUP:ARTIFACT:VERSION | nuget | goproxy MODULE@VERSION" >&2
    exit 2
    ;;
esac
