# Build: the Bun image (pinned to the Bun that bun.lock and bun-types were made with) compiles the
# app into one self-contained executable (dashboard, migrations, API docs and the embedded
# database inside). No `# syntax=` line: BuildKit would fetch a frontend image from a registry
# before anything else, and an offline build would fail there; nothing here needs one.
FROM oven/bun:1.4.5 AS build
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build

# Run: only that binary, on a slim base, as an unprivileged user and group with fixed ids (10001),
# so a host directory mounted at /data can be given to them.
FROM debian:bookworm-slim
RUN groupadd --system --gid 10001 datta \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin datta \
 && mkdir -p /data && chown datta:datta /data
COPY --from=build /app/dist/datta-dashboard /usr/local/bin/datta-dashboard
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
USER datta
WORKDIR /data
# Single-container mode keeps its embedded database in /data: mount a volume there
# (`-v datta-data:/data`). No VOLUME instruction, so the compose replicas (on Postgres) get no
# anonymous volume they would never use.
EXPOSE 3000
# The binary checks itself: no curl needed in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 CMD ["datta-dashboard", "--healthcheck"]
ENTRYPOINT ["datta-dashboard"]
