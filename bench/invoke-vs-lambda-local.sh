#!/usr/bin/env bash
# Whole-process comparison: `lambdatutor invoke` against lambda-local (npm) on
# the same hello-world handler and event, run in turn (one of each per round),
# N rounds. Prints the median wall time and the median peak RSS of each.
# The handler sits in a folder of its own, fn/, as a function's deployment
# package does: `lambdatutor invoke` reads the handler's whole folder (code
# files in folders below included, as Lambda deploys them), so lambda-local's
# own node_modules must not be in it.
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

mkdir "$work/fn"
cat > "$work/fn/index.js" <<'JS'
exports.handler = async (event, context) => {
  return { statusCode: 200, body: JSON.stringify("Hello from AWS Lambda!") };
};
JS
echo '{"key1":"value1","key2":"value2","key3":"value3"}' > "$work/event.json"

# The two commands run in turn, one of each per round, so that both see the
# same load; medians over the rounds.
cd "$work"
a=(./lambdatutor invoke fn/index.js --event event.json)
b=(./node_modules/.bin/lambda-local -l fn/index.js -h handler -e event.json)
: > "$work/a"; : > "$work/b"
# Wall time from bash's clock (microseconds; GNU time's %e has 10 ms
# resolution), peak RSS from GNU time.
one() { # output file, then the command
  local out=$1 t0 t1; shift
  t0=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$work/t" "$@" >/dev/null 2>&1
  t1=$EPOCHREALTIME
  echo "$(echo "$t1 - $t0" | bc) $(cat "$work/t")" >> "$out"
}
for _ in $(seq "$runs"); do
  one "$work/a" "${a[@]}"
  one "$work/b" "${b[@]}"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report() { # label, file
  local mt mr
  mt=$(cut -d' ' -f1 "$2" | median)
  mr=$(cut -d' ' -f2 "$2" | median)
  printf '%-22s median wall %6.0f ms   median peak RSS %6.1f MiB   (%d runs)\n' "$1" "$(echo "$mt*1000" | bc)" "$(echo "$mr/1024" | bc -l)" "$runs"
}
report "lambdatutor invoke" "$work/a"
report "lambda-local" "$work/b"
