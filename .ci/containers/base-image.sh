#!/usr/bin/env bash
# debian:bookworm-slim, made here: no image registry is reachable from CI, so the base image every
# other image starts from is built with debootstrap from the Debian mirror apt already uses, trimmed
# like the official slim image (no docs, man pages or locales; apt keeps no caches), and imported.
#   base-image.sh DOCKER WORKDIR
set -euo pipefail
DOCKER=$1
WORK=$2
MIRROR=$(awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n 1)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
R="$WORK/rootfs"
rm -rf "$R"
debootstrap --variant=minbase bookworm "$R" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  tail -n 20 "$WORK/debootstrap.log"
  exit 1
}
rm -f "$R/etc/apt/sources.list"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  cp /etc/apt/sources.list.d/debian.sources "$R/etc/apt/sources.list.d/"
else
  echo "deb $MIRROR bookworm main" >"$R/etc/apt/sources.list"
fi
cat >"$R/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CFG
cat >"$R/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
echo 'Acquire::Languages "none";' >"$R/etc/apt/apt.conf.d/docker-no-languages"
chroot "$R" apt-get clean
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/log/*.log "$R"/var/log/apt/* \
  "$R"/usr/share/man/* "$R"/usr/share/info/* "$R"/usr/share/locale/* "$R"/dev/*
find "$R/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
: >"$R/etc/resolv.conf"
tar --numeric-owner -C "$R" -c . | "$DOCKER" import \
  --change 'CMD ["bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - debian:bookworm-slim >/dev/null
rm -rf "$R"
