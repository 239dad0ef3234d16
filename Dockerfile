# syntax=docker/dockerfile:1
# Tandem's container image: built from the packed @tandem/server, as an operator installs it.
#   docker build -t tandem .          (or: podman build -t tandem .)
#   docker run -p 1234:1234 -v tandem-data:/data -e PUBLIC_URL=https://docs.example.com tandem
# docs/operations.md ("Container") has the details; compose.yaml and compose.cluster.yaml run it.
ARG NODE_IMAGE=node:24-slim

# 1. Build the workspace and install the server from its own tarballs, production dependencies only.
FROM ${NODE_IMAGE} AS build
# a C++ toolchain, in case better-sqlite3 has no prebuilt binary for this platform
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm turbo run build --filter=@tandem/server... --output-logs=errors-only \
 && node scripts/install-from-tarballs.mjs /opt/tandem \
 && rm -rf /opt/tandem/tarballs

# 2. The runtime: Node, the installed package, nothing else.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=1234 \
    DATA_DIR=/data \
    NODE_COMPILE_CACHE=/tmp/node-compile-cache
RUN groupadd --system --gid 10001 tandem \
 && useradd --system --uid 10001 --gid tandem --home-dir /data --shell /usr/sbin/nologin tandem \
 && mkdir -p /data \
 && chown tandem:tandem /data
COPY --from=build /opt/tandem /opt/tandem
USER tandem:tandem
VOLUME ["/data"]
EXPOSE 1234
# /readyz: 200 once the store (and Redis, when set) answer, 503 while stopping.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||1234)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server handles SIGTERM itself (sockets close with 1001, pending edits are stored, exit 0),
# also as PID 1; give it a few seconds: `docker stop -t 30`, compose's stop_grace_period.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/opt/tandem/node_modules/@tandem/server/dist/cli/tandem.js"]
CMD ["serve"]
