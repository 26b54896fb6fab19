#!/usr/bin/env bash
# Batch-scoring benchmark (issues 6 and 19). For each size N it generates N
# seeded synthetic records (a realistic mix of levels) as JSON Lines and as
# CSV, then times, in the same run and on the same files:
#   - jq -c .id on the JSONL            (a bare parse pass of a fast C tool)
#   - the decode-only pass on the JSONL (continuum's reader, no scoring:
#                                        gen -decode)
#   - continuum score on the JSONL      (one JSON result per record)
#   - continuum score --summary         (the same file, aggregate tables)
#   - mlr --icsv --ojsonl cat on the CSV (Miller's plain pass)
#   - continuum score on the CSV
# Each command runs RUNS times (default 3); the best wall time and the best
# CPU time (user+sys) are kept, with the peak resident memory. Throughput is
# given in MB/s of input and records/s. The machine may be shared: compare
# the ratios, which come from the same run on the same files, not the
# absolute figures, and repeat the run.
#
#   scripts/bench.sh                    # 100000 and 1000000 records
#   scripts/bench.sh 20000              # a quick run
#   RUNS=5 SEED=7 JOBS=2 scripts/bench.sh 100000
#
# Targets: JSONL scoring at least 2x jq's throughput; CSV scoring at least
# 3x Miller's; --summary at least as fast as per-record output; peak RSS at
# 1,000,000 records <= 64 MiB and within 10% of the 100,000 figure.
# Generated data lives in a temporary directory that is removed at the end,
# never in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-3}
seed=${SEED:-1}
jobs=${JOBS:-0}

need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $1 (Debian package $2)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y "$2" >/dev/null; else sudo apt-get install -y "$2" >/dev/null; fi
}
need mlr miller
need jq jq
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -trimpath -o "$work/continuum" ./cmd/continuum
go build -trimpath -o "$work/gen" ./internal/batch/gen

# measure CMD... : best-of-$runs wall seconds, CPU seconds and max RSS (KiB)
measure() {
  local best_wall="" best_cpu="" max_rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
      echo "$* failed:" >&2; cat "$work/stderr" >&2; exit 1; }
    read -r wall user sys rss <"$work/time"
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best_wall" ] || (( $(echo "$wall < $best_wall" | bc -l) )); then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || (( $(echo "$cpu < $best_cpu" | bc -l) )); then best_cpu=$cpu; fi
    (( rss > max_rss )) && max_rss=$rss
  done
  echo "$best_wall $best_cpu $max_rss"
}

div() { echo "scale=2; $1 / $2" | bc -l; }
# rate BYTES RECORDS WALL: MB/s and records/s (a wall of 0.00 counts as 0.01)
rate() {
  local w=$3
  (( $(echo "$w < 0.01" | bc -l) )) && w=0.01
  printf '%8.1f %12.0f' "$(echo "$1 / 1000000 / $w" | bc -l)" "$(echo "$2 / $w" | bc -l)"
}

echo "go: $(go version | cut -d' ' -f3-)   jq: $(jq --version)   mlr: $(mlr --version)"
echo "runs: $runs   seed: $seed   cpus: $(nproc)   --jobs $jobs   load: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A rss
for n in "${sizes[@]}"; do
  "$work/gen" -n "$n" -format jsonl -seed "$seed" >"$work/in.jsonl"
  "$work/gen" -n "$n" -format csv -seed "$seed" >"$work/in.csv"
  jb=$(stat -c %s "$work/in.jsonl"); cb=$(stat -c %s "$work/in.csv")
  echo
  echo "== $n records: JSONL $((jb / 1048576)) MiB, CSV $((cb / 1048576)) MiB"
  read -r jw jc jr <<<"$(measure jq -c .id "$work/in.jsonl")"
  read -r dw dc dr <<<"$(measure "$work/gen" -decode "$work/in.jsonl")"
  read -r sw sc sr <<<"$(measure "$work/continuum" score --jobs "$jobs" "$work/in.jsonl")"
  read -r uw uc ur <<<"$(measure "$work/continuum" score --jobs "$jobs" --summary "$work/in.jsonl")"
  read -r mw mc mr <<<"$(measure mlr --icsv --ojsonl cat "$work/in.csv")"
  read -r cw cc cr <<<"$(measure "$work/continuum" score --jobs "$jobs" "$work/in.csv")"
  printf '%-36s %7s %7s %8s %12s %9s\n' "command" "wall s" "cpu s" "MB/s" "records/s" "peak MiB"
  row() { printf '%-36s %7s %7s %s %9s\n' "$1" "$2" "$3" "$(rate "$5" "$n" "$2")" "$(($4 / 1024))"; }
  row "jq -c .id (JSONL)" "$jw" "$jc" "$jr" "$jb"
  row "decode only (JSONL)" "$dw" "$dc" "$dr" "$jb"
  row "continuum score (JSONL)" "$sw" "$sc" "$sr" "$jb"
  row "continuum score --summary (JSONL)" "$uw" "$uc" "$ur" "$jb"
  row "mlr --icsv --ojsonl cat (CSV)" "$mw" "$mc" "$mr" "$cb"
  row "continuum score (CSV)" "$cw" "$cc" "$cr" "$cb"
  echo "JSONL: continuum throughput / jq's:          wall $(div "$jw" "$sw"), cpu $(div "$jc" "$sc")   (target >= 2)"
  echo "JSONL: continuum throughput / decode-only:   wall $(div "$dw" "$sw"), cpu $(div "$dc" "$sc")"
  echo "CSV:   continuum throughput / Miller's:      wall $(div "$mw" "$cw"), cpu $(div "$mc" "$cc")   (target >= 3)"
  echo "--summary throughput / per-record output:    wall $(div "$sw" "$uw"), cpu $(div "$sc" "$uc")   (target >= 1)"
  m=$sr; for x in $ur $cr; do (( x > m )) && m=$x; done
  rss[$n]=$m
  echo "continuum peak RSS: $((m / 1024)) MiB"
done
if [ -n "${rss[100000]:-}" ] && [ -n "${rss[1000000]:-}" ]; then
  echo
  echo "peak RSS 1,000,000 / 100,000: $(div "${rss[1000000]}" "${rss[100000]}")   (target <= 1.10; and <= 64 MiB)"
fi
