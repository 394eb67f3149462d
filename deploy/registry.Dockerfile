# syntax=docker/dockerfile:1
# Tachywatch population registry image, for the Kubernetes Jobs in deploy/registry-job.yaml. Build from the
# repository root:
#   docker build -f deploy/registry.Dockerfile -t tachywatch-registry:0.1.0 .
# Runs `node registry/dist/cli.js` (the CLI and its assessment worker, bundled by `npm run build -w registry`) as an
# unprivileged user with production dependencies only; it writes only where it is told to (--out, on a volume), so
# the root filesystem can be read-only.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY fhir-core/package.json fhir-core/
COPY fixtures/package.json fixtures/
COPY build-tools/package.json build-tools/
COPY cds-service/package.json cds-service/
COPY smart-app/package.json smart-app/
COPY sandbox/package.json sandbox/
COPY registry/package.json registry/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY shared/ shared/
COPY build-tools/ build-tools/
COPY registry/ registry/
RUN npm run build -w registry

FROM build AS production-dependencies
# Only the registry's production dependency closure (the workspace package @tachywatch/shared is bundled in dist/).
RUN rm -rf node_modules && npm ci --omit=dev --workspace registry --include-workspace-root=false --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /src/node_modules ./node_modules
COPY --from=build /src/registry/dist ./registry/dist
COPY registry/package.json ./registry/
USER node
ENTRYPOINT ["node", "--enable-source-maps", "registry/dist/cli.js"]
CMD ["--help"]
