#!/usr/bin/env bash
# Downloads the real C# corpus of the analyzer precision run (docs/robustness.md): Debian's newtonsoft-json source
# package, extracted into artifacts/corpus/newtonsoft-json (git-ignored). Needs a deb-src entry for bookworm (.ci/run
# adds it as root). Idempotent: does nothing when the corpus is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

target=artifacts/corpus/newtonsoft-json
if [ -d "$target" ] && [ -n "$(find "$target" -name '*.cs' -print -quit)" ]; then
    exit 0
fi

download=artifacts/corpus/download
rm -rf "$download" "$target"
mkdir -p "$download" "$target"
# Only the .orig tarball matters (the Debian patch tarball may be missing from the mirror).
(cd "$download" && apt-get source --download-only newtonsoft-json) || true
orig=$(find "$download" -maxdepth 1 -name 'newtonsoft-json_*.orig.tar.*' | head -n 1)
if [ -z "$orig" ]; then
    echo "fetch-corpus: apt-get source could not download newtonsoft-json's .orig tarball: add a deb-src entry for bookworm (see .ci/run) and run apt-get update as root" >&2
    exit 1
fi
tar -xf "$orig" -C "$target" --strip-components=1
rm -rf "$download"
echo "fetch-corpus: $(find "$target" -name '*.cs' | wc -l) .cs files in $target"
