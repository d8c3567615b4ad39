#!/usr/bin/env bash
# Start two app processes on loopback and nginx in front of them (all in the foreground;
# Ctrl-C or SIGTERM stops all three). See deploy/README.md.
#
#   PORT_A=8601 PORT_B=8602 PROXY_PORT=8080 RUN_DIR=/tmp/ki-deploy deploy/run_two.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT_A=${PORT_A:-8601}
PORT_B=${PORT_B:-8602}
PROXY_PORT=${PROXY_PORT:-8080}
RUN_DIR=${RUN_DIR:-$(mktemp -d /tmp/ki-deploy.XXXXXX)}
PY=${PY:-$ROOT/.venv/bin/python}
NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}

if [ ! -x "$NGINX_BIN" ]; then
  echo "nginx not found: 'sudo apt-get install -y nginx' (Debian's package)" >&2
  exit 3
fi

for port in "$PORT_A" "$PORT_B" "$PROXY_PORT"; do
  if ! "$PY" -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; then
    echo "port $port on 127.0.0.1 is already in use; choose others with PORT_A, PORT_B, PROXY_PORT" >&2
    exit 4
  fi
done

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"/{body,proxy,fastcgi,uwsgi,scgi}
chmod -R 777 "$RUN_DIR/tmp"     # nginx workers run as an unprivileged user when started as root
sed -e "s/127\.0\.0\.1:8601/127.0.0.1:$PORT_A/" \
    -e "s/127\.0\.0\.1:8602/127.0.0.1:$PORT_B/" \
    -e "s/listen 127\.0\.0\.1:8080/listen 127.0.0.1:$PROXY_PORT/" \
    -e "s|root /srv/ki-rollout;|root $ROOT;|" \
    "$ROOT/deploy/nginx.conf" > "$RUN_DIR/nginx.conf"

# Same cookie secret on every replica (Streamlit's XSRF cookie is signed with it).
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PY" -c 'import secrets; print(secrets.token_hex(32))')}
# Replicas share only the records on disk (KI_DATA_DIR, default ki_data/ of this checkout).
export KI_DATA_DIR=${KI_DATA_DIR:-$ROOT/ki_data}

pids=()
cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

cd "$ROOT"
for port in "$PORT_A" "$PORT_B"; do
  "$PY" -m streamlit run dashboard.py --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true > "$RUN_DIR/logs/app-$port.log" 2>&1 &
  pids+=($!)
done

for i in 0 1; do
  port=$([ "$i" = 0 ] && echo "$PORT_A" || echo "$PORT_B")
  "$PY" - "$port" "${pids[$i]}" <<'PYEOF'
import os, sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/_stcore/health"
for _ in range(300):
    if not os.path.exists(f"/proc/{sys.argv[2]}"):
        sys.exit(f"backend on port {sys.argv[1]} exited; see its log")
    try:
        urllib.request.urlopen(url, timeout=2); sys.exit(0)
    except OSError:
        time.sleep(0.3)
sys.exit(f"backend {url} did not start")
PYEOF
done

"$NGINX_BIN" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g 'daemon off;' &
pids+=($!)
echo "ready: http://127.0.0.1:$PROXY_PORT  backends 127.0.0.1:$PORT_A 127.0.0.1:$PORT_B  logs $RUN_DIR/logs" 
wait -n "${pids[@]}"
