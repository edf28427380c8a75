#!/usr/bin/env bash
# Whole-process comparison: `lambdatutor invoke` against lambda-local (npm) on
# the same hello-world handler and event, run side by side, N times each.
# Prints the median wall time and the median peak RSS of each.
#
#   bash bench/invoke-vs-lambda-local.sh [runs]
#
# Needs node and npm (lambda-local is installed into a temporary folder) and
# GNU time (/usr/bin/time; apt-get install time).
set -euo pipefail
runs=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
echo "building lambdatutor (stripped)..."
(cd "$root" && go build -ldflags "-s -w" -o "$work/lambdatutor" ./cmd/lambdatutor)
echo "installing lambda-local..."
(cd "$work" && npm install --silent --no-audit --no-fund lambda-local@2.2.0 >/dev/null 2>&1)

cat > "$work/index.js" <<'JS'
exports.handler = async (event, context) => {
  return { statusCode: 200, body: JSON.stringify("Hello from AWS Lambda!") };
};
JS
echo '{"key1":"value1","key2":"value2","key3":"value3"}' > "$work/event.json"

measure() { # label, then the command
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1
    read -r t m < "$work/t"
    times+=("$t"); rss+=("$m")
  done
  local mt mr
  mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-22s median wall %6.0f ms   median peak RSS %6.1f MiB   (%d runs)\n' "$label" "$(echo "$mt*1000" | bc)" "$(echo "$mr/1024" | bc -l)" "$runs"
}

cd "$work"
measure "lambdatutor invoke" ./lambdatutor invoke index.js --event event.json
measure "lambda-local" ./node_modules/.bin/lambda-local -l index.js -h handler -e event.json
