#!/usr/bin/env bash
# The Jinja parity test (packages/chatkit-server) renders our .widget fixtures with Debian's
# python3 and python3-jinja2 (jinja2 3.1), set up as chatkit-python's WidgetTemplate sets it up,
# and compares with our engine. Install them when missing.
exec bash "$(dirname "$0")/ensure-python-module.sh" jinja2 python3-jinja2 'the Jinja parity test'
