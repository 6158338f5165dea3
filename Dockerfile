# syntax=docker/dockerfile:1
#
# One Dockerfile, two images (docs/deploy.md):
#   docker build -t oberaconnect-sync .              target "runtime" (the last stage, the default):
#                                                    the service alone, non-root, ledger on a volume
#   docker build --target fly -t ... .               target "fly": LiteFS + the service, for Fly.io
#                                                    (fly.toml selects it with build-target = "fly")
# The binary is built once, in "build", exactly as on a workstation: npm ci && npm run build
# (bun is a devDependency). It is glibc and dynamically linked, hence a Debian runtime.

# The images the stages start from. The runtime base is pinned by digest (the dated tag's image
# index, as docker-library/repo-info lists it), so a rebuild ships the same base until the pin is
# moved on purpose; docs/SECURITY.md says how to move it, and why the build image and LiteFS
# (the fly stage) are pinned by tag only.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG DEBIAN_IMAGE=debian:bookworm-20260918-slim@sha256:3783cc01769c7b2b1b83a5c5ad96c815348e28ed7da68e2e3687004faa906251

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The workspace packages' manifests first: npm ci links them (the emulators are embedded for demo/emulate).
COPY packages/common/package.json ./packages/common/
COPY packages/emulators/package.json ./packages/emulators/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json bunfig.toml ./
COPY scripts ./scripts
COPY migrations ./migrations
COPY packages ./packages
COPY src ./src
# .git is not in the build context: pass the commit (docker build --build-arg BUILD_COMMIT=$(git rev-parse --short HEAD)).
ARG BUILD_COMMIT=unknown
RUN BUILD_COMMIT="${BUILD_COMMIT}" npm run build \
 && ./dist/oberaconnect-sync --version

# ---------------------------------------------------------------------------------------------
# What both images share: CA certificates (the APIs are HTTPS; Bun's fetch also trusts
# /etc/ssl/certs, so a corporate CA added with update-ca-certificates in a derived image works),
# the service's user, and the binary (its own `health --live` is the HEALTHCHECK: no curl in the image).
FROM ${DEBIAN_IMAGE} AS base
# A fixed uid/gid, so a volume or bind mount can be prepared for it (chown 10001:10001).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 oberaconnect \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin oberaconnect
COPY --from=build /src/dist/oberaconnect-sync /usr/local/bin/oberaconnect-sync
# `docker exec <container> oberaconnect-sync health --check` finds the config without --config.
ENV OBERACONNECT_CONFIG=/etc/oberaconnect-sync/config.json

# ---------------------------------------------------------------------------------------------
# Fly.io: LiteFS mounts its FUSE directory at /litefs (the ledger lives there, replicated to
# every machine), runs the LiteFS proxy on :8081 in front of the service on 127.0.0.1:8080, and
# starts the service itself (litefs.yml exec), forwarding SIGTERM/SIGINT to it. LiteFS needs
# root for the FUSE mount (its documentation says to run it as root), so this image has no USER:
# litefs runs as root and starts the service through setpriv (util-linux, in every Debian image)
# as uid 10001 with no capabilities; the mount allows other users in (litefs.yml fuse.allow-other).
FROM base AS fly
RUN apt-get update \
 && apt-get install -y --no-install-recommends fuse3 sqlite3 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=flyio/litefs:0.5 /usr/local/bin/litefs /usr/local/bin/litefs
COPY litefs.yml /etc/litefs.yml
COPY deploy/fly/config.json /etc/oberaconnect-sync/config.json
ENV LITEFS_DIR=/litefs
ENTRYPOINT ["litefs", "mount"]

# ---------------------------------------------------------------------------------------------
# The plain service (Docker, Compose, Kubernetes...). Last stage = the default target.
FROM base AS runtime
ARG BUILD_COMMIT=unknown
LABEL org.opencontainers.image.title="oberaconnect-sync" \
      org.opencontainers.image.description="UniFi Site Manager + NinjaOne -> Notion dashboards" \
      org.opencontainers.image.revision="${BUILD_COMMIT}"
RUN install -d -m 0700 -o 10001 -g 10001 /var/lib/oberaconnect-sync
# server.host is 0.0.0.0 in this config: the container's own interface, the one Docker's port
# publishing forwards to (127.0.0.1 inside the container is reachable from nowhere else). Who
# reaches it from outside is decided by the published address: docker-compose.yml publishes on
# the host's 127.0.0.1 only.
COPY deploy/docker/config.json /etc/oberaconnect-sync/config.json
# The ledger (config ledger.path = /var/lib/oberaconnect-sync/ledger.db). Created and chowned
# above, before VOLUME, so a new named volume starts out owned by 10001.
VOLUME /var/lib/oberaconnect-sync
WORKDIR /var/lib/oberaconnect-sync
USER 10001:10001
EXPOSE 8080
STOPSIGNAL SIGTERM
# Liveness only (/health answers 200 while the process serves). /ready is deliberately not the
# HEALTHCHECK: it turns 503 when an upstream API is down, and restarting would not fix that.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/oberaconnect-sync", "health", "--live", "--url", "http://127.0.0.1:8080"]
ENTRYPOINT ["/usr/local/bin/oberaconnect-sync"]
CMD ["serve", "--config", "/etc/oberaconnect-sync/config.json"]
