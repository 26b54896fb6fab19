#!/usr/bin/env bash
# Builds the release: static binaries for Linux, macOS and Windows on amd64
# and arm64, the man pages, and a SHA256SUMS file, in dist/ (or $OUT).
#
#   scripts/release.sh                # version from git describe
#   VERSION=v1.0.0 scripts/release.sh
#
# Builds are reproducible: no cgo, -trimpath, no build id, version and commit
# from git, and file times from the commit, so two builds of one commit give
# identical bytes (scripts/check-reproducible.sh checks it).
set -euo pipefail
cd "$(dirname "$0")/.."

version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=${COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export CGO_ENABLED=0
out=${OUT:-dist}
targets=${TARGETS:-"linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"}
pkg=github.com/continuum-screening/continuum/internal/cli

rm -rf "$out"
mkdir -p "$out"
for target in $targets; do
  goos=${target%/*}
  goarch=${target#*/}
  ext=""
  [ "$goos" = windows ] && ext=.exe
  name="continuum-$version-$goos-$goarch$ext"
  echo "building $name"
  GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X $pkg.Version=$version -X $pkg.Commit=$commit" \
    -o "$out/$name" ./cmd/continuum
done

go run ./cmd/gen-docs -man "$out/man"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  -C "$out" -cf - man | gzip -n > "$out/continuum-$version-man.tar.gz"
rm -rf "$out/man"

(cd "$out" && sha256sum continuum-* > SHA256SUMS)
echo "release in $out:"
cat "$out/SHA256SUMS"
