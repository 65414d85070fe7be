#!/usr/bin/env bash
# Regenerates the tool-made coverage fixtures from the little program in
# calc/: go/*.out with go test, and the JavaScript LCOV and Cobertura
# reports with c8 (needs Node and the npm registry). The hand-written
# fixtures (lcov/calc-go.info, cobertura/calc-go.xml, bad/) and the golden
# files are not touched: after a change here, run
#   go test ./pkg/verify/coverage/ -update
# and check the golden diff.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
calc="$here/calc"
# The reports name the directory they were made in; the fixtures show it
# as a CI machine would.
ci_root=/home/runner/work/calc/calc

mkdir -p "$here/go" "$here/lcov" "$here/cobertura"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$calc" && go test -covermode=count -coverprofile="$here/go/calc.out" ./...)
(cd "$calc/ext/plugins" && go test -covermode=set -coverprofile="$tmp/plugins.out" ./...)
(cd "$calc/tools" && go test -covermode=atomic -coverprofile="$tmp/tools.out" ./...)
# A CI script's merge of the three modules' profiles: plain concatenation,
# mode lines and all.
cat "$here/go/calc.out" "$tmp/plugins.out" "$tmp/tools.out" >"$here/go/all.out"

(cd "$calc" && npx --yes c8@12.0.0 --reports-dir="$tmp/c8" --temp-directory="$tmp/c8tmp" \
  --reporter=lcovonly --reporter=cobertura node js/calc.test.js)
cp "$tmp/c8/lcov.info" "$here/lcov/calc-js.info"
sed -e "s#<source>$calc</source>#<source>$ci_root</source>#" \
  -e 's#timestamp="[0-9]*"#timestamp="1795347387279"#' \
  "$tmp/c8/cobertura-coverage.xml" >"$here/cobertura/calc-js.xml"
