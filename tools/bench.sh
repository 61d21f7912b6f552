#!/usr/bin/env bash
# Benchmarks (BENCHMARKS.md): makes corpora of N varied articles (examples/scale_corpus.rs: real
# sentences of ../shared/dev, corpus/ and ../shared/ud recombined, names, numbers and dates swapped),
# runs the in-process harness (examples/bench.rs) and measures the CLI build's wall time and
# peak memory with /usr/bin/time. Usage: tools/bench.sh [SIZES...]   (default: 1000 10000 100000)
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
  /usr/bin/time -f "| CLI \`build --store\` wall time / peak memory | %e s / %M KB |" \
    "$CARGO_TARGET_DIR/release/newsgraph" build "$dir" --store "$work/store-$n" --quiet >/dev/null
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
