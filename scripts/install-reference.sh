#!/usr/bin/env bash
# Builds the latest reference plugins (containernetworking/plugins, from the Go module proxy) into
# build/reference/, the second oracle beside Debian's 1.1.1 binaries in /usr/lib/cni.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${REFERENCE_PLUGINS_VERSION:-v1.9.1}"
out="$PWD/build/reference"
if [ -x "$out/host-local" ] && [ -x "$out/bridge" ] && [ -x "$out/loopback" ]; then exit 0; fi
mkdir -p "$out"
GOBIN="$out" GOFLAGS=-mod=mod go install \
  "github.com/containernetworking/plugins/plugins/ipam/host-local@$version" \
  "github.com/containernetworking/plugins/plugins/main/bridge@$version" \
  "github.com/containernetworking/plugins/plugins/main/loopback@$version"
