#!/usr/bin/env bash
# Builds Tandem's container image with podman on a machine that reaches no image registry
# (only the npm registry): docs/operations.md, "Container". Not part of `pnpm test`.
#   1. installs the server from its tarballs into a staging folder (production dependencies only);
#   2. assembles a FROM-scratch base from this machine's Node and the shared libraries it and the
#      native modules (better-sqlite3, sharp, argon2) load, plus a `tandem` user (uid 10001),
#      and imports it as localhost/tandem-node-base;
#   3. builds deploy/container/Containerfile.local (the Dockerfile's runtime stage) on it;
#   4. prints what the image is configured with, and checks it (user, volume, health check,
#      entrypoint, that the package and web app are inside);
#   5. tries once to run it (`tandem --version`), and says whether this machine allows that;
#   6. where containers cannot run, runs the image's own file system in a chroot as the image's
#      user instead (root only): `tandem serve` on /data, GET /readyz with the HEALTHCHECK's own
#      command, GET /, then SIGTERM, which must end in exit 0.
# Usage: deploy/container/build-local.sh [TAG]   (default localhost/tandem:local); needs `pnpm build`.
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG="${1:-localhost/tandem:local}"
NODE_BIN="$(readlink -f "$(command -v node)")"
STAGE="$(mktemp -d /tmp/tandem-image-XXXXXX)"
trap 'rm -rf "$STAGE"' EXIT
say() { printf '\n== %s\n' "$*"; }

say "install @tandem/server from its tarballs into $STAGE/opt/tandem"
node scripts/install-from-tarballs.mjs "$STAGE/opt/tandem" >/dev/null
rm -rf "$STAGE/opt/tandem/tarballs"
test -f "$STAGE/opt/tandem/node_modules/@tandem/server/web/index.html"

say "assemble the base from $NODE_BIN"
ROOTFS="$STAGE/rootfs"
mkdir -p "$ROOTFS"/{usr/local/bin,etc,tmp,data}
chmod 1777 "$ROOTFS/tmp"
cp "$NODE_BIN" "$ROOTFS/usr/local/bin/node"
# every shared library Node and the packaged native modules load, with the loader itself
libs() { { ldd "$1" 2>/dev/null || true; } | awk '/=> \//{print $3} /^\s*\/.*ld-linux/{print $1}'; }
{
  libs "$NODE_BIN"
  find "$STAGE/opt/tandem/node_modules" -name '*.node' -o -name '*.so*' | while read -r f; do libs "$f"; done
} | sort -u | while read -r lib; do
  mkdir -p "$ROOTFS$(dirname "$lib")"
  cp -L "$lib" "$ROOTFS$lib"
done
# /lib64 is where the x86-64 loader is looked for
if [ -e /lib64/ld-linux-x86-64.so.2 ] && [ ! -e "$ROOTFS/lib64/ld-linux-x86-64.so.2" ]; then
  mkdir -p "$ROOTFS/lib64" && cp -L /lib64/ld-linux-x86-64.so.2 "$ROOTFS/lib64/"
fi
printf 'root:x:0:0:root:/root:/sbin/nologin\ntandem:x:10001:10001:tandem:/data:/sbin/nologin\n' >"$ROOTFS/etc/passwd"
printf 'root:x:0:\ntandem:x:10001:\n' >"$ROOTFS/etc/group"
chown 10001:10001 "$ROOTFS/data"
tar -C "$ROOTFS" -c . | podman import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' - localhost/tandem-node-base:latest >/dev/null

say "build $TAG"
cp deploy/container/Containerfile.local "$STAGE/Containerfile"
podman build --format docker -t "$TAG" -f "$STAGE/Containerfile" "$STAGE" | tail -n 3

say "what $TAG is configured with"
podman image inspect "$TAG" | node -e '
  const [image] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const c = image.Config;
  c.Healthcheck ??= image.Healthcheck; // podman shows the docker-format health check beside Config
  const show = { User: c.User, Entrypoint: c.Entrypoint, Cmd: c.Cmd, Volumes: Object.keys(c.Volumes ?? {}), ExposedPorts: Object.keys(c.ExposedPorts ?? {}), StopSignal: c.StopSignal, Healthcheck: c.Healthcheck, Env: c.Env };
  console.log(JSON.stringify(show, null, 2));
  const problems = [];
  if (c.User !== "tandem:tandem") problems.push("not the tandem user");
  if (!c.Volumes?.["/data"]) problems.push("no /data volume");
  if (!c.Healthcheck?.Test?.join(" ").includes("/readyz")) problems.push("no /readyz health check");
  if (!c.Env?.includes("DATA_DIR=/data")) problems.push("DATA_DIR is not /data");
  if (problems.length) { console.error("FAILED: " + problems.join(", ")); process.exit(1); }
  console.log("configuration: OK");'
MOUNT="$(podman image mount "$TAG" 2>/dev/null || true)"
if [ -n "$MOUNT" ]; then
  test -f "$MOUNT/opt/tandem/node_modules/@tandem/server/web/index.html" && echo "web app inside the image: OK"
  test -x "$MOUNT/usr/local/bin/node" && echo "node inside the image: OK"
  podman image unmount "$TAG" >/dev/null || true
fi

say "try to run it once"
if out="$(podman run --rm --name tandem-build-local-check "$TAG" --version 2>&1)"; then
  echo "podman run: OK, tandem $out"
else
  echo "podman run failed on this machine (expected where containers cannot start):"
  echo "$out" | grep -v 'level=error' | tail -n 5
  podman rm -f tandem-build-local-check >/dev/null 2>&1 || true
fi

say "run the image's file system in a chroot as uid 10001 (what the container would run)"
if [ "$(id -u)" != 0 ] || ! command -v chroot >/dev/null; then echo "skipped: needs root and chroot"; exit 0; fi
CID="$(podman create "$TAG" 2>/dev/null)"
ROOT="$(podman mount "$CID")"
CHROOT="$(command -v chroot)"
jail() { env -i PATH=/usr/local/bin HOST=127.0.0.1 "$@"; } # a clean environment, Node on the image's PATH
LOG="$STAGE/serve.log"
# exec: $! is the server itself, so the SIGTERM below reaches it as it would in the container
(exec env -i PATH=/usr/local/bin HOST=127.0.0.1 PORT=0 DATA_DIR=/data NODE_ENV=production LOG_LEVEL=info \
  "$CHROOT" --userspec=10001:10001 "$ROOT" node /opt/tandem/node_modules/@tandem/server/dist/cli/tandem.js serve) >"$LOG" 2>&1 &
SERVE=$!
for _ in $(seq 1 100); do grep -q server.listening "$LOG" && break; sleep 0.2; done
PORT="$(grep -o '"port":[0-9]*' "$LOG" | head -n 1 | cut -d: -f2 || true)"
status=0
if [ -z "$PORT" ]; then echo "FAILED: tandem serve did not listen"; cat "$LOG"; status=1; else
  jail PORT="$PORT" "$CHROOT" --userspec=10001:10001 "$ROOT" node -e \
    "fetch('http://127.0.0.1:'+(process.env.PORT||1234)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" \
    && echo "health check command: OK (/readyz 200)" || { echo "FAILED: health check"; status=1; }
  node -e "fetch('http://127.0.0.1:$PORT/').then(async r=>{const t=await r.text();process.exit(r.ok&&t.includes('<html')?0:1)},()=>process.exit(1))" \
    && echo "web app: OK" || { echo "FAILED: web app"; status=1; }
fi
kill -TERM "$SERVE" 2>/dev/null || true
wait "$SERVE" && echo "SIGTERM: exit 0" || { echo "FAILED: SIGTERM exit $?"; status=1; }
podman umount "$CID" >/dev/null && podman rm "$CID" >/dev/null 2>&1 || true
exit "$status"
