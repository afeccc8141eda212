# syntax=docker/dockerfile:1
# Samtykke: build on a full Node 20, run on a slim one with only dist/ and the runtime dependencies.
# These steps are run without Docker by test/integration/production-install.test.ts (docs/operations.md).

FROM node:20-bookworm AS build
WORKDIR /src
# better-sqlite3 compiles from source on Node 20: the full image has python3, make and g++.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATABASE_PATH=/data/samtykke.db \
    MAIL_OUTBOX_DIR=/data/mail-outbox
WORKDIR /app
COPY --from=build --chown=root:root /src/package.json /src/package-lock.json ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist ./dist
# The demo pages, served only with SAMTYKKE_DEMO=1.
COPY --from=build --chown=root:root /src/demo ./demo
# The code belongs to root and is read-only to the server; only /data is its own.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8787
# Ready, not just alive: an instance whose database is gone is marked unhealthy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM stops it cleanly (jobs, socket, queued writes, database), within Docker's 10 s.
CMD ["node", "dist/server/index.js"]
