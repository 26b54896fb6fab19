#!/usr/bin/env bash
# Builds the release of one commit twice, from two separate exports of it in
# two different directories and with two separate build caches, and fails
# unless both give identical bytes.
#   scripts/check-reproducible.sh                  # HEAD; linux/amd64 and windows/arm64
#   TARGETS="linux/amd64" scripts/check-reproducible.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${REV:-HEAD}
export TARGETS=${TARGETS:-"linux/amd64 windows/arm64"}
export COMMIT=$(git rev-parse "$rev")
export VERSION=${VERSION:-$(git describe --tags --always "$rev" 2>/dev/null || echo dev)}
export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct "$rev")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 1 2; do
  mkdir -p "$work/src$n/tree-$n"
  git archive "$rev" | tar -x -C "$work/src$n/tree-$n"
  (cd "$work/src$n/tree-$n" && GOCACHE="$work/cache$n" OUT="$work/dist$n" bash scripts/release.sh >/dev/null)
done
if diff "$work/dist1/SHA256SUMS" "$work/dist2/SHA256SUMS"; then
  echo "reproducible: two builds of $COMMIT give identical bytes for $TARGETS"
  cat "$work/dist1/SHA256SUMS"
else
  echo "NOT reproducible: two builds of $COMMIT differ" >&2
  exit 1
fi
