#!/usr/bin/env bash
# Disk-store benchmarks (BENCHMARKS.md, "On-disk store"): builds a newsgraph with
# `--features rocksdb`, makes varied corpora (examples/scale_corpus.rs), and for each size
# measures the fresh build (wall, CPU, peak memory with /usr/bin/time), the store on disk, its
# open time and every bundled question (examples/store_open.rs), and an update of one article.
# Usage: tools/bench_disk.sh [SIZES...]   (default: 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
sizes=("$@")
[ $# -gt 0 ] || sizes=(1000 10000 100000)
cargo build --release --quiet --features rocksdb --example store_open --example scale_corpus
cargo build --release --quiet --features rocksdb
bin="$CARGO_TARGET_DIR/release/newsgraph"
work="${BENCH_DIR:-$(mktemp -d)}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  dir="$work/corpus-$n" store="$work/disk-store-$n"
  [ -d "$dir" ] || { mkdir -p "$dir"; "$CARGO_TARGET_DIR/release/examples/scale_corpus" "$dir" "$n" 2>/dev/null; }
  rm -rf "$store"
  echo
  echo "## $n articles, disk store (load $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "| fresh \`build --store\` | %e s wall, %U s user + %S s system CPU, peak %M KB |" \
    "$bin" build "$dir" --store "$store" --quiet
  echo "| store on disk | $(du -sh "$store" | cut -f1) |"
  "$CARGO_TARGET_DIR/release/examples/store_open" "$store" | tail -n +3
  first=$(find "$dir" -name '*.txt' | sort | head -n 1)
  echo "Egypt backs Khalifa Haftar." >> "$first"
  /usr/bin/time -f "| update of one changed article | %e s wall, %U s user + %S s system CPU, peak %M KB |" \
    "$bin" build --store "$store" --quiet
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
