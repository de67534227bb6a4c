#!/usr/bin/env bash
# The Python parity test (packages/server) runs the server README's PyJWT recipe with Debian's
# python3 and python3-jwt (PyJWT 2.6), on the same tokens as the TypeScript verifier. Install
# them when missing.
set -euo pipefail
PYTHON="${CHATKIT_PYTHON:-/usr/bin/python3}"
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import jwt' >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> installing Debian python3-jwt for the Python parity test"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-jwt >/dev/null
  exit 0
fi
echo "The Python parity test needs python3 with PyJWT: run 'sudo apt-get install python3-jwt' (Debian/Ubuntu)." >&2
exit 1
