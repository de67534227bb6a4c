#!/usr/bin/env bash
# The limits tests run against a real Redis: Debian's redis-server, started by the server
# package's Vitest globalSetup on a free port (unless REDIS_URL names one). Install it when missing.
set -euo pipefail
if [ -n "${REDIS_URL:-}" ] || command -v redis-server >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> installing Debian redis-server for the limits tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  exit 0
fi
echo "The limits tests need redis-server: run 'sudo apt-get install redis-server' (Debian/Ubuntu), or set REDIS_URL." >&2
exit 1
