#!/usr/bin/env bash
# Installs and starts system services that some suites use (none are needed yet; later issues
# add PostgreSQL, Redis and Chromium here). Kept separate so developers can run it by hand.
set -uo pipefail
exit 0
