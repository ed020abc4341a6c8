#!/usr/bin/env bash
# Which of the packages' languages this machine builds and drives. `check` looks for the
# language's toolchain and asks its registry (scripts/registries.sh), records the outcome,
# and prints one `skipped: …` line where it cannot; the consumer tasks run only where it
# can, mark the language driven once its tests passed, and `summary` says what ran.
#
#   scripts/languages.sh check LANGUAGE    record ready or skipped (python, java, go, dotnet)
#   scripts/languages.sh ready LANGUAGE    exit 0 if LANGUAGE was found ready
#   scripts/languages.sh driven LANGUAGE   record that LANGUAGE's consumer tests passed
#   scripts/languages.sh targets [--stale] L...
#                                          jsii-pacmak's --target flags for the ready ones of L...;
#                                          with --stale, only those with no package newer than .jsii
#                                          and every bundled handler in assets/
#   scripts/languages.sh unbundled         exit 0 if a handler (src/**/*.lambda.ts) has no bundle in assets/ yet
#   scripts/languages.sh summary           one line: the languages built and driven, and those skipped with why
set -euo pipefail
cd "$(dirname "$0")/.."

STATUS=consumers/.languages
LANGUAGES=(python java go dotnet)
declare -A NAMES=([python]=Python [java]=Java [go]=Go [dotnet]=.NET)
# What marks each language's package in dist/<language>.
declare -A PACKAGES=([python]='*.whl' [java]='*.jar' [go]=go.mod [dotnet]='AwsBreakGlassRole.*.nupkg')

cdk_version() {
  node -p "require('aws-cdk-lib/package.json').version"
}

# Prints why LANGUAGE cannot be built here, or nothing.
why_not() {
  case "$1" in
    python)
      command -v python3 >/dev/null || { echo "no Python: python3 not found"; return; }
      scripts/registries.sh pypi || true
      ;;
    java)
      command -v java >/dev/null || { echo "no JDK: java not found"; return; }
      command -v mvn >/dev/null || { echo "no Maven: mvn not found"; return; }
      scripts/registries.sh maven "software.amazon.awscdk:aws-cdk-lib:$(cdk_version)" || true
      ;;
    go)
      command -v go >/dev/null || { echo "no Go toolchain: go not found"; return; }
      scripts/registries.sh goproxy "github.com/aws/aws-cdk-go/awscdk/v2@v$(cdk_version)" || true
      ;;
    dotnet)
      command -v dotnet >/dev/null || { echo "no .NET SDK: dotnet not found"; return; }
      scripts/registries.sh nuget || true
      ;;
  esac
}

# Whether dist/LANGUAGE holds a package newer than what jsii-pacmak packs: .jsii and the handlers
# bundled into assets/ (which the npm tarball embedded in every package carries).
fresh() {
  local package
  package=$(find "dist/$1" -name "${PACKAGES[$1]}" -newer .jsii -print -quit 2>/dev/null)
  [ -n "$package" ] && [ -z "$(find assets -type f -newer "$package" -print -quit 2>/dev/null)" ]
}

known() {
  [[ " ${LANGUAGES[*]} " == *" $1 "* ]] || { echo "unknown language '$1': one of ${LANGUAGES[*]}" >&2; exit 2; }
}

case "${1:-}" in
  check)
    known "$2"
    mkdir -p "$STATUS"
    reason=$(why_not "$2")
    if [ -n "$reason" ]; then
      echo "skipped: ${NAMES[$2]} package and consumer ($reason)" | tee "$STATUS/$2"
    else
      echo ready > "$STATUS/$2"
    fi
    ;;
  ready)
    known "$2"
    grep -qx -e ready -e driven "$STATUS/$2" 2>/dev/null
    ;;
  driven)
    known "$2"
    echo driven > "$STATUS/$2"
    ;;
  targets)
    shift
    stale=false
    if [ "${1:-}" = --stale ]; then
      stale=true
      shift
    fi
    for language in "$@"; do
      known "$language"
      grep -qx -e ready -e driven "$STATUS/$language" 2>/dev/null || continue
      if $stale && fresh "$language"; then
        continue
      fi
      printf -- '--target %s ' "$language"
    done
    ;;
  unbundled)
    while IFS= read -r handler; do
      bundle=${handler#src/}
      [ -d "assets/${bundle%.ts}" ] || exit 0
    done < <(find src -name '*.lambda.ts')
    exit 1
    ;;
  summary)
    driven=(TypeScript) skipped=()
    for language in "${LANGUAGES[@]}"; do
      state=$(cat "$STATUS/$language" 2>/dev/null || echo "not checked")
      case "$state" in
        driven) driven+=("${NAMES[$language]}") ;;
        # The check's line, `skipped: <name> package and consumer (<why>)`: the name and why.
        skipped:*) skipped+=("${NAMES[$language]} ${state#*package and consumer }") ;;
        ready) skipped+=("${NAMES[$language]} (ready, but its consumer did not run)") ;;
        *) skipped+=("${NAMES[$language]} ($state)") ;;
      esac
    done
    join() {
      local out=''
      for item in "$@"; do out+="${out:+, }$item"; done
      echo "${out:-none}"
    }
    echo "languages: built and driven: $(join "${driven[@]}"); skipped: $(join "${skipped[@]}")"
    ;;
  *)
    echo "usage: $0 check|ready|driven LANGUAGE | targets LANGUAGE... | unbundled | summary" >&2
    exit 2
    ;;
esac
