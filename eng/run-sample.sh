#!/usr/bin/env bash
# The README's main job: build the HelloAot sample function with Native AOT for linux-x64 and package it with
# LambdaKit's packaging targets (the deployment zip, checked against Lambda's limits), then run the zip's
# `bootstrap` against LambdaKit's local Runtime API emulator and invoke it: one greeting, one error.
set -euo pipefail
cd "$(dirname "$0")/.."

build=src/LambdaKit.Build/build
# HelloAot does not import the packaging targets itself; the SDK's extension points bring them in.
dotnet publish samples/HelloAot -c Release -r linux-x64 -nologo \
    -p:LambdaArchitecture=x86_64 \
    -p:CustomBeforeMicrosoftCommonProps="$PWD/$build/LambdaKit.Build.props" \
    -p:CustomAfterMicrosoftCommonTargets="$PWD/$build/LambdaKit.Build.targets"
dotnet run -c Release --project samples/LocalInvoke -- samples/HelloAot/bin/Release/lambda/HelloAot-x86_64.zip \
    '{"name":"Ada"}' '{"name":"Ada","fail":true}' "$@"
