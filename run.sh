#!/usr/bin/env bash
# Runs the whole system: builds it, starts the silo (which starts its private PostgreSQL unless
# ConnectionStrings__FundManager is set, migrates the schema and seeds the demo data) and then the
# dashboards on http://127.0.0.1:5080. Ctrl+C (or SIGTERM) stops everything; the private database
# stops with the last process that uses it.
set -euo pipefail
cd "$(dirname "$0")"

configuration=${CONFIGURATION:-Release}
dotnet build FundManager.sln -c "$configuration" --nologo -v quiet -clp:ErrorsOnly

out() { echo "$1/bin/$configuration/net10.0"; }
silo_dir=$(out silo/FundManager.Silo)
dashboards_dir=$(out dashboards/FundManager.Dashboards)

pids=()
stop() {
  trap - INT TERM EXIT
  # Dashboards first, then the silo; the last of them to go stops the private database.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap stop INT TERM EXIT

(cd "$silo_dir" && exec dotnet FundManager.Silo.dll) &
pids+=($!)
(cd "$dashboards_dir" && exec dotnet FundManager.Dashboards.dll) &
pids+=($!)

echo "FundManager is starting; it answers on http://127.0.0.1:5080 once GET /health returns 200."
# If either process ends, stop the other.
wait -n "${pids[@]}"
