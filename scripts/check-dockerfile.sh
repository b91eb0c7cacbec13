#!/usr/bin/env bash
# Checks the container files without Docker (none is needed, or used): the promises of Dockerfile and
# docker-compose.yml, then the Dockerfile's own steps (npm ci, npm run build, npm ci --omit=dev) run in a
# temp folder, its CMD started against a fake Telegram and a throwaway Redis, and its HEALTHCHECK run.
# Needs redis-server on PATH, like the other tests; takes about a minute. `npm test` runs the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx vitest run test/ship/dockerfile.test.ts "$@"
