#!/usr/bin/env bash
# The store tests run against a real PostgreSQL server. Unless DATABASE_URL names one, the
# chatkit-server tests start their own from Debian's binaries (/usr/lib/postgresql/N/bin) in a
# temporary directory, as the unprivileged `postgres` user. Install them when missing.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exit 0; fi
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> installing Debian PostgreSQL for the store tests"
  apt-get update -qq
  # The package's own cluster is not needed: the tests run initdb themselves.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "The store tests need PostgreSQL: run 'sudo apt-get install postgresql' (Debian/Ubuntu) or set DATABASE_URL." >&2
exit 1
