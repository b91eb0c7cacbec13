# syntax=docker/dockerfile:1
# Steady's production image. Two stages: `build` compiles TypeScript with every dependency; the final
# stage holds production dependencies, the compiled JavaScript and the flows, and nothing else.
# test/ship/dockerfile.test.ts (scripts/check-dockerfile.sh) checks these promises and runs these
# steps outside Docker, so keep COPY sources plain paths and RUN steps plain commands.

# Node 24, an LTS line (security fixes until April 2028). The exact tag is pinned so a rebuild gets the
# same Node; bump it on purpose (and the runtime stage with it).
FROM node:24.18.0-bookworm-slim AS build
WORKDIR /app
# The lockfile first, so the dependency layer is reused while only sources change. The cache mount
# keeps npm's download cache out of the image (and warm across builds).
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
# tsc -p tsconfig.build.json: src/ and adapters/ to dist/src/ and dist/adapters/.
RUN npm run build

FROM node:24.18.0-bookworm-slim
ENV NODE_ENV=production
# Two malloc arenas instead of eight per core: memory a flood of new users made Node allocate is handed back to
# the system once Steady has collected it, instead of staying resident in idle arenas (`npm run bench -- --only flood`).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only: no TypeScript, vitest or eslint in the image.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The journeys are YAML read at start-up from FLOWS_DIR (default `flows`, relative to /app). Everything
# else the app needs (safety rules, support lines, texts) is compiled into dist/.
COPY flows ./flows
# Files stay owned by root: the app only reads them, and the `node` user (uid 1000, from the base
# image) cannot change its own code.
USER node
# PORT (default 3000) serves /healthz, /readyz, /metrics and the Telegram/Slack webhooks.
EXPOSE 3000
# Slim images have no curl: ask /healthz with Node's fetch. Exec form, so $PORT is read by node from
# the container's environment at check time; any answer but 2xx, or none within 4 s, is unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node runs as PID 1 and handles SIGTERM itself (finishes replies under way, closes Redis, exits);
# `docker stop` must allow SHUTDOWN_DEADLINE_SECONDS (25 s) plus a margin: see docker-compose.yml.
CMD ["node", "dist/src/main.js"]
