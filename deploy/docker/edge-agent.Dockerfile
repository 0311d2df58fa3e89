# syntax=docker/dockerfile:1
# Sitewatch edge agent: RTSP capture, ONNX inference, MQTT delivery.
# Build from the repository root:
#   docker build -f deploy/docker/edge-agent.Dockerfile -t sitewatch/edge-agent .
# Run (config and credentials in the volume, created by `init`; see deploy/README.md):
#   docker run --rm -it -v sitewatch-agent:/config sitewatch/edge-agent init --hub http://hub:8080 --token …
#   docker run -d --restart unless-stopped -v sitewatch-agent:/config sitewatch/edge-agent

# ---- build: all dependencies; the build converts the models into edge-agent/model-cache ---------
FROM node:20-bookworm-slim AS build
# onnxruntime-node's CPU runtime ships inside the package (CUDA would be a download); node-av's
# prebuilt addon links FFmpeg statically, so its optional FFmpeg CLI download is skipped too.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    SKIP_FFMPEG=true \
    npm_config_fund=false \
    npm_config_audit=false
RUN npm install -g npm@11.19.1
WORKDIR /src
COPY package.json package-lock.json .npmrc tsconfig.json ./
COPY patches ./patches
COPY shared-protocol ./shared-protocol
COPY testkit/package.json ./testkit/
COPY hub/package.json ./hub/
COPY edge-agent/package.json ./edge-agent/
COPY dashboard/package.json ./dashboard/
COPY deploy/package.json ./deploy/
RUN npm ci
COPY edge-agent ./edge-agent
# tsc, then dist/models/build-models.js writes the ONNX model cache (needs the tfjs dev dependency).
RUN npm run build --workspace @sitewatch/edge-agent

# ---- deps: production dependencies of the agent alone -------------------------------------------
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
# No scripts: onnxruntime-node, node-av and sharp load prebuilt binaries from their packages.
RUN npm ci --omit=dev --ignore-scripts --workspace @sitewatch/edge-agent --workspace @sitewatch/shared-protocol

# ---- runtime ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
# The agent re-executes itself with these unless they are set; set here, it starts once (PID 1
# stays the agent, so docker stop's SIGTERM reaches it and queued events are kept on disk).
ENV NODE_ENV=production \
    UV_THREADPOOL_SIZE=24 \
    MALLOC_ARENA_MAX=2 \
    SITEWATCH_AGENT_CONFIG=/config/sitewatch-agent.json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
# Apache-2.0 asks that recipients get the licence and the attribution notices with the software.
COPY LICENSE NOTICE ./
COPY --from=build /src/shared-protocol/package.json ./shared-protocol/package.json
COPY --from=build /src/shared-protocol/dist ./shared-protocol/dist
COPY --from=build /src/edge-agent/package.json ./edge-agent/package.json
COPY --from=build /src/edge-agent/dist ./edge-agent/dist
COPY --from=build /src/edge-agent/model-cache ./edge-agent/model-cache
# Config, credentials (0600) and the delivery queue live in /config: relative paths in the config
# file resolve against its folder, and the agent rewrites the file when the hub pushes seats.
RUN mkdir -p /config && chown node:node /config
USER node
VOLUME ["/config"]
# No ports: the agent only connects out (MQTT to the hub, RTSP to cameras).
ENTRYPOINT ["node", "/app/edge-agent/dist/cli/main.js"]
CMD ["run"]
