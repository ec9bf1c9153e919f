#!/usr/bin/env bash
# The README's main job, from a fresh clone with nothing built:
#   1. pack LambdaKit, LambdaKit.Testing and the lambdakit tool into the local feed (artifacts/packages);
#   2. publish samples/HelloAot exactly as a user does (`dotnet publish -c Release`, through the LambdaKit package),
#      which writes its Native AOT deployment zip;
#   3. restore the lambdakit tool from the feed (.config/dotnet-tools.json) and invoke the zip against a local Lambda:
#      one greeting, which succeeds, and one event that makes the function throw, which Lambda reports as an error.
# Extra arguments go to `lambdakit invoke` (for example --event '{"name":"Grace"}').
set -euo pipefail
cd "$(dirname "$0")/.."

for project in LambdaKit LambdaKit.Testing LambdaKit.Tool; do
    dotnet pack "src/$project/$project.csproj" -c Release -nologo
done

dotnet publish samples/HelloAot -c Release -nologo
zip=samples/HelloAot/bin/Release/lambda/HelloAot-x86_64.zip

dotnet tool restore --add-source artifacts/packages

echo
echo "== lambdakit invoke $zip --event '{\"name\":\"Ada\"}' $*"
dotnet lambdakit invoke "$zip" --event '{"name":"Ada"}' "$@"

echo
echo "== lambdakit invoke $zip --event '{\"name\":\"Ada\",\"fail\":true}' (the function throws: exit code 1 is the expected answer)"
status=0
dotnet lambdakit invoke "$zip" --event '{"name":"Ada","fail":true}' || status=$?
if [ "$status" -ne 1 ]; then
    echo "run-sample: expected the failing invocation to exit with 1 (a function error), got $status" >&2
    exit 1
fi
