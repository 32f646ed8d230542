#!/usr/bin/env bash
# Runs Debian's prometheus (apt-get install prometheus) against a running Roomcast for a few
# seconds and shows whether the target is up, with a couple of live values. Loopback only.
#   src/ops/prometheus-check.sh [host:port]      default: localhost:8080
set -euo pipefail

target="${1:-localhost:8080}"
listen="127.0.0.1:${PROMETHEUS_PORT:-9099}"
command -v prometheus >/dev/null || { echo "prometheus not found: apt-get install prometheus" >&2; exit 2; }

work=$(mktemp -d)
cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: roomcast
    metrics_path: /q/metrics
    static_configs:
      - targets: ["$target"]
YAML

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="$listen" > "$work/prometheus.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 1 30); do
  if curl -fs "http://$listen/api/v1/targets" | grep -q '"health":"up"'; then
    echo "Prometheus scrapes $target: target is up"
    for query in up roomcast_connections_active roomcast_fanout_available; do
      printf '%s = ' "$query"
      curl -fs "http://$listen/api/v1/query" --data-urlencode "query=$query" | sed -E 's/.*"value":\[[^,]*,"([^"]*)".*/\1/'
      echo
    done
    exit 0
  fi
  sleep 1
done
echo "target $target is not up after 30 s; last targets:" >&2
curl -fs "http://$listen/api/v1/targets" >&2 || tail -20 "$work/prometheus.log" >&2
exit 1
