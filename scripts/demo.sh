#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build the package, and serve the
# demo dashboard on the built-in sample data (no Chatwoot server needed).
#   bash scripts/demo.sh [--port 8080] [--latency 400] [--now 2026-11-01T00:00:00Z]
#   bash scripts/demo.sh --upstream https://your.chatwoot   (a real Chatwoot, same origin: Connect asks for the token)
# The simulated account ends at the moment the server starts, so every range has data.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash scripts/setup.sh
bash scripts/build.sh
step "Serving the demo (Ctrl-C to stop)"
exec node www/server.mjs "$@"
