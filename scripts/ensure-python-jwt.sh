#!/usr/bin/env bash
# The Python parity test (packages/server) runs the server README's PyJWT recipe with Debian's
# python3 and python3-jwt (PyJWT 2.6), on the same tokens as the TypeScript verifier. Install
# them when missing.
exec bash "$(dirname "$0")/ensure-python-module.sh" jwt python3-jwt 'the Python parity test'
