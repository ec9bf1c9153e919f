#!/usr/bin/env bash
# Runs every test of the repository: the README's test command, and what CI runs.
# Installs the test-only peers it needs first (idempotent), then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")/.."

# AWS's Node.js runtime interface client: a Runtime API client nobody here wrote, used to check the emulator.
bash tests/node-ric/install.sh

dotnet test Analyzers.sln -c Release --logger "console;verbosity=normal" "$@"
