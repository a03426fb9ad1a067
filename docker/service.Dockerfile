# syntax=docker/dockerfile:1
#
# One recipe for every service: the build runs once and each service is a named final stage.
#   docker build -f docker/service.Dockerfile --target accounts -t contact-sync/accounts .
# Targets: accounts, ingest, contacts, writeback, provider-emulator (local/demo only, never production).
# Build context = the repository root; docker/service.Dockerfile.dockerignore keeps it to what the build reads.

ARG NODE_IMAGE=node:20-slim

# ---- deps: every dependency (the build needs typescript and tsc-alias) ------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: only dev tools (nx, @swc/core, @parcel/watcher) have install scripts and the build
# needs none of them. If a production dependency ever needs its install script, drop the flag.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund

# ---- build: tsc + tsc-alias into dist/ (aliases rewritten to relative paths) --------------------------
FROM deps AS build
COPY tsconfig.base.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
RUN npm run build

# ---- dist-prod: the build output production images may hold: no emulator, test helpers or benchmarks -
FROM build AS dist-prod
RUN rm -rf dist/apps/provider-emulator dist/libs/testing dist/bench dist/.tsbuildinfo \
 && find dist/apps -type d -name testing -prune -exec rm -rf {} +

# ---- prod-deps: production node_modules only (cached independently of source changes) ---------------
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime: what every service image shares ---------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node and lets Nest's re-raised signal end the process, so the
# graceful shutdown (consumers commit and leave the group) is never cut short or left hanging.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    KAFKAJS_NO_PARTITIONER_WARNING=1
WORKDIR /app
# Owned by root and read-only to the service user: the process cannot modify its own code.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=dist-prod /app/dist/libs ./dist/libs
# Numeric uid/gid (the image's `node` user) so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]

# ---- one final stage per service ----------------------------------------------------------------------
FROM runtime AS accounts
COPY --from=dist-prod /app/dist/apps/accounts ./dist/apps/accounts
ENV PORT=3001
EXPOSE 3001
CMD ["node", "dist/apps/accounts/src/main.js"]

FROM runtime AS ingest
COPY --from=dist-prod /app/dist/apps/ingest ./dist/apps/ingest
ENV PORT=3002
EXPOSE 3002
CMD ["node", "dist/apps/ingest/src/main.js"]

FROM runtime AS contacts
COPY --from=dist-prod /app/dist/apps/contacts ./dist/apps/contacts
ENV PORT=3003
EXPOSE 3003
CMD ["node", "dist/apps/contacts/src/main.js"]

FROM runtime AS writeback
COPY --from=dist-prod /app/dist/apps/writeback ./dist/apps/writeback
ENV PORT=3004
EXPOSE 3004
CMD ["node", "dist/apps/writeback/src/main.js"]

# Local and demo use only (docker/compose.yaml); never deployed to production.
FROM runtime AS provider-emulator
COPY --from=build /app/dist/apps/provider-emulator ./dist/apps/provider-emulator
ENV PORT=3100 \
    HOST=0.0.0.0
EXPOSE 3100
CMD ["node", "dist/apps/provider-emulator/src/main.js"]

# Last stage = what a build without --target produces: refuse instead of silently picking a service.
FROM runtime AS no-target
RUN echo "choose a service: --target accounts|ingest|contacts|writeback|provider-emulator" >&2 && exit 1
