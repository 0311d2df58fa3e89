# syntax=docker/dockerfile:1
# Sitewatch hub: REST, Socket.IO, MQTT ingest and the dashboard build, in one image.
# Build from the repository root (the context must hold every workspace's package.json):
#   docker build -f deploy/docker/hub.Dockerfile -t sitewatch/hub .

# ---- build: every workspace's dependencies, so tsc and vite are there ----------------
FROM node:20-bookworm-slim AS build
# onnxruntime-node would fetch CUDA binaries and node-av an FFmpeg CLI at install time; the hub
# needs neither (its CPU onnxruntime ships inside the package; node-av's libraries, which decode the
# attention frame socket's JPEGs, come prebuilt in its platform package).
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    SKIP_FFMPEG=true \
    npm_config_fund=false \
    npm_config_audit=false
# The lockfile and package.json "allowScripts" are written by the npm that packageManager pins.
RUN npm install -g npm@11.19.1
WORKDIR /src
COPY package.json package-lock.json .npmrc tsconfig.json ./
COPY patches ./patches
# The root postinstall builds shared-protocol, so its sources come before npm ci.
COPY shared-protocol ./shared-protocol
COPY testkit/package.json ./testkit/
COPY hub/package.json ./hub/
COPY edge-agent/package.json ./edge-agent/
COPY dashboard/package.json ./dashboard/
COPY deploy/package.json ./deploy/
RUN npm ci
COPY testkit ./testkit
COPY hub ./hub
COPY dashboard ./dashboard
COPY edge-agent ./edge-agent
# The hub first: the dashboard imports its API types (@sitewatch/hub/api-types) from hub/dist. The
# agent's build converts the face models the attention role runs in the hub and serves to browsers.
RUN npm run build --workspace @sitewatch/hub && npm run build --workspace @sitewatch/dashboard \
 && npm run build --workspace @sitewatch/edge-agent

# ---- deps: production dependencies of the hub alone (no edge-agent runtime, no dev tools) --------
FROM node:20-bookworm-slim AS deps
ENV npm_config_fund=false npm_config_audit=false
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared-protocol/package.json ./shared-protocol/
COPY testkit/package.json ./testkit/
COPY hub/package.json ./hub/
COPY edge-agent/package.json ./edge-agent/
COPY dashboard/package.json ./dashboard/
COPY deploy/package.json ./deploy/
# No scripts: the root postinstall needs dev tools, and no hub dependency needs an install step
# (onnxruntime-node, node-av and sharp load prebuilt binaries from their packages).
RUN npm ci --omit=dev --ignore-scripts --workspace @sitewatch/hub --workspace @sitewatch/shared-protocol
# patch-package did not run here; take the patched driver (patches/postgres+3.4.9.patch) from build.
COPY --from=build /src/node_modules/postgres ./node_modules/postgres

# ---- runtime ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HUB_DATA_DIR=/var/lib/sitewatch \
    DASHBOARD_DIR=/app/dashboard/dist \
    ATTENTION_MODEL_DIR=/app/models
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
# Apache-2.0 asks that recipients get the licence and the attribution notices with the software.
COPY LICENSE NOTICE ./
COPY --from=build /src/shared-protocol/package.json ./shared-protocol/package.json
COPY --from=build /src/shared-protocol/dist ./shared-protocol/dist
COPY --from=build /src/hub/package.json ./hub/package.json
COPY --from=build /src/hub/dist ./hub/dist
# Migrations are read at start-up from hub/drizzle (next to hub/dist).
COPY --from=build /src/hub/drizzle ./hub/drizzle
COPY --from=build /src/dashboard/dist ./dashboard/dist
# The attention role's face models: the frame socket's workers run them, browsers fetch /models/….
COPY --from=build /src/edge-agent/model-cache/blazeface.onnx /src/edge-agent/model-cache/facemesh.onnx ./models/
# The node image's unprivileged user (uid 1000); the data dir holds the JWT secret and snapshots.
RUN mkdir -p /var/lib/sitewatch && chown node:node /var/lib/sitewatch
USER node
VOLUME ["/var/lib/sitewatch"]
# 8080 HTTP (REST, Socket.IO, dashboard); 1883/8083 only in embedded-broker mode (no MQTT_URL).
EXPOSE 8080 1883 8083
# slim has no curl; Node 20's fetch does the same. Liveness only: /readyz is for load balancers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HUB_HTTP_PORT||8080}/healthz`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/hub/dist/main.js"]
CMD ["start"]
