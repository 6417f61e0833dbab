# syntax=docker/dockerfile:1
# tokenserve: two stages on the official Node LTS slim image (Debian). The image runs offline: every
# default model is prepared at build time. Build: docker build -t tokenserve .
# test/docker.test.ts performs these same steps without Docker (keep the instructions simple:
# FROM, WORKDIR, ENV, COPY, RUN, USER, VOLUME, EXPOSE, HEALTHCHECK, CMD).
ARG NODE_IMAGE=node:24-slim

# Build: full install; `npm ci` runs `prepare` = tsc + model preparation into CACHE_DIR.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CACHE_DIR=/app/.cache
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY routes ./routes
COPY schemas ./schemas
COPY scripts ./scripts
COPY web ./web
COPY vendor ./vendor
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# Runtime: production dependencies only (no scripts: nothing to build), the compiled code, the schemas
# and the playground's page and styles it reads at start, the tagger weights, vendored files and the prepared models.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 MODEL_DIR=/models CACHE_DIR=/app/.cache
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY schemas ./schemas
COPY web/public ./web/public
# The name and POS taggers' weights (CC BY-SA, see data/ner/NOTICE.md), read on first use; the vendored
# bert-base-cased vocabulary with its Apache-2.0 notice (vendor/bert-base-cased/SOURCE.md).
COPY data/ner ./data/ner
COPY vendor ./vendor
COPY --from=build /app/dist ./dist
COPY --from=build /app/.cache ./.cache
RUN mkdir -p /models && chown node:node /models
# The image's unprivileged user (uid 1000).
USER node
# Your own models: one sub-folder per model (tokenizer.json + tokenizer_config.json, optionally onnx/).
VOLUME ["/models"]
EXPOSE 8080
# Slim images have no curl: probe with node's fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 handles SIGTERM itself (graceful drain, src/server.ts).
CMD ["node", "dist/src/server.js"]
