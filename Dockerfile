# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.
# The base is the Node.js 24 LTS image pinned by digest (node:24-bookworm-slim, 24.18.0), so a
# rebuild gets the same bytes; move the pin deliberately (docs/deployment.md).
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY workflows ./workflows
COPY bench ./bench
RUN npx tsc -p tsconfig.build.json

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM ${NODE_IMAGE}
# A larger young generation: every alert makes a few kilobytes of short-lived objects (its job
# data, the incident's new state and text), and with Node's default the worker spent about a
# sixth of its time collecting them; at 32 MB, 8 % more alerts per second (docs/performance.md).
ENV NODE_ENV=production PORT=3000 NODE_OPTIONS="--max-semi-space-size=32"
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# Runbooks and detections are data read at run time from the package root,
# and so is the sandbox page (`watchkeeper demo`). Charts need a font.
COPY workflows ./workflows
COPY src/sandbox/web/public ./src/sandbox/web/public
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
RUN ln -s /app/bin/watchkeeper.js /usr/local/bin/watchkeeper
USER node
EXPOSE 3000 9090
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["watchkeeper"]
CMD ["start"]
