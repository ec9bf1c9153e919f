#!/bin/sh
# Installs aws-lambda-ric (AWS's Node.js runtime interface client) into tests/node-ric/node_modules.
# Idempotent: does nothing when the pinned version is installed and its native client loads.
#
# The package builds its native client (curl + aws-lambda-cpp + a Node addon) in its install
# scripts, which takes a few minutes. npm 11 blocks dependency install scripts unless package.json
# approves them: "allowScripts" does, pinned to this version.
set -eu

cd "$(dirname "$0")"
VERSION=4.0.2
PKG=node_modules/aws-lambda-ric

native_loads() {
    # The addon reads AWS_LAMBDA_RUNTIME_API when it is loaded and aborts without it.
    AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 node -e "require('./$PKG/rapid-client.node')" >/dev/null 2>&1
}

installed_version() {
    node -p "require('./$PKG/package.json').version" 2>/dev/null || true
}

if [ "$(installed_version)" = "$VERSION" ] && native_loads; then
    echo "aws-lambda-ric $VERSION already installed."
    exit 0
fi

# node-gyp needs Node's headers; use the distribution's when npm has not been told where they are.
if [ -z "${npm_config_nodedir:-}" ] && [ "$(npm config get nodedir)" = "undefined" ] && [ -f /usr/include/node/node.h ]; then
    export npm_config_nodedir=/usr
fi

if [ "$(installed_version)" != "$VERSION" ]; then
    npm install --no-audit --no-fund --foreground-scripts
fi

# A previous install may have skipped or interrupted the build (older npm settings, Ctrl+C).
if ! native_loads; then
    npm rebuild aws-lambda-ric --foreground-scripts
fi

if ! native_loads; then
    echo "aws-lambda-ric's native client (rapid-client.node) does not load." >&2
    exit 1
fi

echo "aws-lambda-ric $(installed_version) installed in $(pwd)/node_modules."
