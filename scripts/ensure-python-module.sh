#!/usr/bin/env bash
# Installs Debian's python3 and one Python package when a test that runs Python needs it:
#   ensure-python-module.sh MODULE DEBIAN_PACKAGE "what needs it"
# CHATKIT_PYTHON names another interpreter (default /usr/bin/python3, where Debian installs).
set -euo pipefail
MODULE="$1"
PACKAGE="$2"
PURPOSE="$3"
PYTHON="${CHATKIT_PYTHON:-/usr/bin/python3}"
if [ -x "$PYTHON" ] && "$PYTHON" -c "import $MODULE" >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "==> installing Debian $PACKAGE for $PURPOSE"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 "$PACKAGE" >/dev/null
  exit 0
fi
echo "$PURPOSE needs python3 with $MODULE: run 'sudo apt-get install $PACKAGE' (Debian/Ubuntu)." >&2
exit 1
