#!/usr/bin/env bash
# The README's main job: build the HelloAot sample function with Native AOT for linux-x64 (the deployable
# `bootstrap`), then run it against LambdaKit's local Runtime API emulator and invoke it: one greeting, one error.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/hello-aot
dotnet publish samples/HelloAot -c Release -r linux-x64 -o "$out" -nologo
dotnet run -c Release --project samples/LocalInvoke -- "$out/bootstrap" '{"name":"Ada"}' '{"name":"Ada","fail":true}' "$@"
