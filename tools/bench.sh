#!/usr/bin/env bash
# Benchmarks (BENCHMARKS.md): makes corpora of N varied articles (examples/scale_corpus.rs: real
# sentences of ../shared/dev, corpus/ and ../shared/ud recombined, names, numbers and dates swapped),
# runs the in-process harness (examples/bench.rs: first-pass extraction, build, queries), then
# measures with /usr/bin/time the CLI build, `ask` and each export on the saved store (wall time
# and peak memory). BENCH_DIR=DIR keeps the corpora and stores there (reused by later runs). Usage: tools/bench.sh [SIZES...]   (default: 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
sizes=("${@:-1000 10000 100000}")
[ $# -gt 0 ] || sizes=(1000 10000 100000)
cargo build --release --quiet --example bench --example scale_corpus
cargo build --release --quiet
work="${BENCH_DIR:-$(mktemp -d)}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
for n in "${sizes[@]}"; do
  dir="$work/corpus-$n"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    "$CARGO_TARGET_DIR/release/examples/scale_corpus" "$dir" "$n" 2>/dev/null
  fi
  echo
  echo "## $n articles"
  "$CARGO_TARGET_DIR/release/examples/bench" "$dir"
  rm -rf "$work/store-$n"
  ng="$CARGO_TARGET_DIR/release/newsgraph"
  /usr/bin/time -f "| CLI \`build --store\` wall time / peak memory | %e s / %M KB |" \
    "$ng" build "$dir" --store "$work/store-$n" --quiet >/dev/null
  # the saved store: open time, each bundled query, ask and exports, in process
  "$CARGO_TARGET_DIR/release/examples/bench" --store "$work/store-$n" | tail -n +3
  # the CLI on the saved store (each run opens the store first): wall time and peak memory
  /usr/bin/time -f "| CLI \`query 'ASK {}'\` (store open alone) wall time / peak memory | %e s / %M KB |" \
    "$ng" query 'ASK {}' --store "$work/store-$n" >/dev/null
  /usr/bin/time -f "| CLI \`ask\` wall time / peak memory | %e s / %M KB |" \
    "$ng" ask --store "$work/store-$n" >/dev/null
  for f in csv nquads turtle; do
    /usr/bin/time -f "| CLI \`export --format $f\` wall time / peak memory | %e s / %M KB |" \
      "$ng" export --store "$work/store-$n" --format "$f" -o "$work/export-$n.$f"
    rm -f "$work/export-$n.$f"
  done
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
