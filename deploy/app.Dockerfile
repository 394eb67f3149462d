# syntax=docker/dockerfile:1
# Tachywatch SMART app: static files served by unprivileged nginx (port 8080). Build from the repository root:
#   docker build -f deploy/app.Dockerfile -t tachywatch-app .
# The runtime configuration (client id per EHR issuer) is /usr/share/nginx/html/smart-config.json: mount your own
# over it (a ConfigMap in Kubernetes, a bind mount in compose). Any static host works the same way.

FROM node:24-bookworm-slim AS build
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
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.base.json ./
COPY shared/ shared/
COPY smart-app/ smart-app/
RUN npm run build -w smart-app

FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime
COPY deploy/nginx/app.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/smart-app/dist /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/launch.html"]
