# syntax=docker/dockerfile:1

# Build: the official Bun image compiles the app into one self-contained executable
# (dashboard, migrations, API docs and the embedded database inside).
FROM oven/bun:1 AS build
WORKDIR /app
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build

# Run: only that binary, on a slim base, as an unprivileged user.
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin datta \
 && mkdir -p /data && chown datta:datta /data
COPY --from=build /app/dist/datta-dashboard /usr/local/bin/datta-dashboard
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
USER datta
WORKDIR /data
# Single-container mode keeps its embedded database here (no DATABASE_URL).
VOLUME ["/data"]
EXPOSE 3000
# The binary checks itself: no curl needed in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 CMD ["datta-dashboard", "--healthcheck"]
ENTRYPOINT ["datta-dashboard"]
