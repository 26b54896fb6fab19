#!/usr/bin/env bash
# Batch-scoring benchmark (issue 6). For each size N it generates N seeded
# synthetic records (a realistic mix of levels) as JSON Lines and as CSV, then
# times, in the same run and on the same files:
#   - continuum score on the JSONL  against a decode-only pass over it (the
#     same reader and JSON library, no scoring, no output: gen -decode);
#   - continuum score on the CSV    against Miller's plain pass
#     (mlr --icsv --ojsonl cat);
# and reports peak resident memory. Each command runs RUNS times (default 3);
# the best wall time and the best CPU time (user+sys) are kept. The machine
# may be shared, so compare the ratios, not the absolute figures.
#
#   scripts/bench.sh                    # 100000 and 1000000 records
#   scripts/bench.sh 20000              # a quick run
#   RUNS=5 SEED=7 scripts/bench.sh 100000
#
# Targets: JSONL scoring throughput >= 0.7 of the decode-only pass; CSV
# scoring faster than Miller; peak RSS at 1,000,000 records <= 64 MiB and
# within 10% of the 100,000 figure. Generated data lives in a temporary
# directory that is removed at the end, never in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-3}
seed=${SEED:-1}

if ! command -v mlr >/dev/null 2>&1; then
  echo "installing Miller (Debian package miller)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y miller >/dev/null; else sudo apt-get install -y miller >/dev/null; fi
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -trimpath -o "$work/continuum" ./cmd/continuum
go build -trimpath -o "$work/gen" ./internal/batch/gen

# measure NAME CMD... : best-of-$runs wall seconds, CPU seconds and max RSS (KiB)
measure() {
  local name=$1; shift
  local best_wall="" best_cpu="" max_rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
      echo "$name failed:" >&2; cat "$work/stderr" >&2; exit 1; }
    read -r wall user sys rss <"$work/time"
    cpu=$(echo "$user + $sys" | bc -l)
    if [ -z "$best_wall" ] || (( $(echo "$wall < $best_wall" | bc -l) )); then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || (( $(echo "$cpu < $best_cpu" | bc -l) )); then best_cpu=$cpu; fi
    (( rss > max_rss )) && max_rss=$rss
  done
  echo "$best_wall $best_cpu $max_rss"
}

ratio() { echo "scale=2; $1 / $2" | bc -l; }

echo "go: $(go version | cut -d' ' -f3-)   mlr: $(mlr --version)   runs: $runs   seed: $seed   cpus: $(nproc)"
declare -A rss
for n in "${sizes[@]}"; do
  "$work/gen" -n "$n" -format jsonl -seed "$seed" >"$work/in.jsonl"
  "$work/gen" -n "$n" -format csv -seed "$seed" >"$work/in.csv"
  echo
  echo "== $n records: JSONL $(du -m "$work/in.jsonl" | cut -f1) MiB, CSV $(du -m "$work/in.csv" | cut -f1) MiB"
  read -r dw dc dr <<<"$(measure decode "$work/gen" -decode "$work/in.jsonl")"
  read -r sw sc sr <<<"$(measure score-jsonl "$work/continuum" score "$work/in.jsonl")"
  read -r mw mc mr <<<"$(measure mlr mlr --icsv --ojsonl cat "$work/in.csv")"
  read -r cw cc cr <<<"$(measure score-csv "$work/continuum" score "$work/in.csv")"
  printf '%-34s %9s %9s %10s\n' "command" "wall s" "cpu s" "peak MiB"
  printf '%-34s %9s %9s %10s\n' "decode only (JSONL)" "$dw" "$dc" "$((dr / 1024))"
  printf '%-34s %9s %9s %10s\n' "continuum score (JSONL)" "$sw" "$sc" "$((sr / 1024))"
  printf '%-34s %9s %9s %10s\n' "mlr --icsv --ojsonl cat (CSV)" "$mw" "$mc" "$((mr / 1024))"
  printf '%-34s %9s %9s %10s\n' "continuum score (CSV)" "$cw" "$cc" "$((cr / 1024))"
  echo "JSONL scoring throughput / decode-only: wall $(ratio "$dw" "$sw"), cpu $(ratio "$dc" "$sc")   (target >= 0.7)"
  echo "CSV: Miller time / continuum time:      wall $(ratio "$mw" "$cw"), cpu $(ratio "$mc" "$cc")   (target > 1)"
  rss[$n]=$(( sr > cr ? sr : cr ))
  echo "continuum peak RSS: $((rss[$n] / 1024)) MiB"
done
if [ -n "${rss[100000]:-}" ] && [ -n "${rss[1000000]:-}" ]; then
  echo
  echo "peak RSS 1,000,000 / 100,000: $(ratio "${rss[1000000]}" "${rss[100000]}")   (target <= 1.10; and <= 64 MiB)"
fi
