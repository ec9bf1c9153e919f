#!/usr/bin/env bash
# Runs every test of the repository: the README's test command, and what CI runs after the main command.
# Installs the test-only peers it needs first (idempotent), then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")/.."

# AWS's Node.js runtime interface client: a Runtime API client nobody here wrote, used to check the emulator.
bash tests/node-ric/install.sh

# The real C# corpus of the analyzer precision run (docs/robustness.md).
bash eng/fetch-corpus.sh

# One test project at a time (-m:1): several suites run real `dotnet build`/`publish`/`pack` of shared projects
# (the analyzers, the samples through the packed LambdaKit package), which must not race each other on a 2-core machine.
dotnet test Analyzers.sln -c Release -m:1 --logger "console;verbosity=normal" "$@"

# The samples' own tests, as a user runs them: against the packages packed from this repository into the local feed.
for project in LambdaKit LambdaKit.Testing; do
    dotnet pack "src/$project/$project.csproj" -c Release -nologo
done
dotnet test samples/MultiFunction.Tests -c Release --logger "console;verbosity=normal"
