#!/usr/bin/env bash
# OCSP through real load generators, beside openssl's own responder, each
# responder pinned to core 0 and the load generator to core 1 (taskset):
#
#   h2load (nghttp2-client) over kept-open HTTP/1.1 connections, no nonce;
#   ab (apache2-utils) over a new connection per request, with a nonce.
#
# Both responders answer for the same certificate of the demo's CA, good.
# ratu is `ratu serve --publish` (its status index and pre-signed answers);
# openssl is `openssl ocsp -index … -port …` signing with the same issuing
# CA key. Usage (release binary by default):
#
#   bash benches/ocsp_tools.sh [path/to/ratu]
#
# RATU_BENCH_OCSP_N requests per run (default 20000 for h2load, a quarter
# for ab); RATU_BENCH_OCSP_C concurrent clients (default 8). ab counts an
# answer whose length differs from the first as "failed" (Length: …): a
# signature's DER length varies by a byte, so only Connect, Receive and
# Exceptions are real failures.
set -euo pipefail
target="${CARGO_TARGET_DIR:-$HOME/.cache/ratu-target}"
ratu="${1:-$target/release/ratu}"
n="${RATU_BENCH_OCSP_N:-20000}"
c="${RATU_BENCH_OCSP_C:-8}"
for tool in h2load ab openssl taskset; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nghttp2-client apache2-utils)"; exit 1; }
done
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${RATU_BENCH_KEEP:-}" ] && trap "echo kept $work" EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api=$(free_port); pub=$(free_port); oport=$(free_port)

data="$work/demo"
"$ratu" --config /nonexistent/ratu.toml demo --data "$data" >/dev/null
printf 'ocsp_url = "http://127.0.0.1:%s/ocsp"\n' "$pub" >"$work/ratu.toml"
RATU_CA_PASSPHRASE=Demo-CA-246810 taskset -c 0 "$ratu" --data "$data" --config "$work/ratu.toml" \
  serve --listen "127.0.0.1:$api" --publish "127.0.0.1:$pub" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "consoles connect with" "$work/serve.log" && break; sleep 0.1; done

# One issued certificate of the demo, and its issuer.
serial=$(RATU_PIN=246810 "$ratu" --server "http://127.0.0.1:$api" --config /nonexistent/ratu.toml \
  --operator admin cert list --status valid --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["serial"])')
RATU_PIN=246810 "$ratu" --server "http://127.0.0.1:$api" --config /nonexistent/ratu.toml \
  --operator admin cert export "$serial" --out "$work/leaf.pem" >/dev/null
issuing="$data/ca/issuing.pem"
openssl ocsp -issuer "$issuing" -cert "$work/leaf.pem" -no_nonce -reqout "$work/plain.der" >/dev/null
openssl ocsp -issuer "$issuing" -cert "$work/leaf.pem" -reqout "$work/nonce.der" >/dev/null

# openssl's responder: the same certificate, good, signed by the issuing CA.
openssl pkcs8 -in "$data/ca/issuing.key" -passin pass:Demo-CA-246810 -out "$work/issuing.key" 2>/dev/null
enddate=$(openssl x509 -in "$work/leaf.pem" -noout -enddate | cut -d= -f2)
expiry=$(date -u -d "$enddate" +%y%m%d%H%M%SZ)
subject=$(openssl x509 -in "$work/leaf.pem" -noout -subject -nameopt compat | sed 's/^subject=//')
printf 'V\t%s\t\t%s\tunknown\t%s\n' "$expiry" "$(echo "$serial" | tr a-f A-F)" "$subject" >"$work/index.txt"
taskset -c 0 openssl ocsp -index "$work/index.txt" -port "$oport" -rsigner "$issuing" \
  -rkey "$work/issuing.key" -CA "$issuing" -nmin 60 >"$work/openssl.log" 2>&1 &
pids+=($!)
sleep 1

# Both answer "good" for it.
for url in "http://127.0.0.1:$pub/ocsp" "http://127.0.0.1:$oport"; do
  openssl ocsp -issuer "$issuing" -cert "$work/leaf.pem" -url "$url" -CAfile "$data/ca/root.pem" \
    -no_nonce 2>&1 | grep -q ": good" || { echo "$url does not answer good"; exit 1; }
done

rate_h2load() { # URL FILE → requests/s (kept-open HTTP/1.1)
  taskset -c 1 h2load --h1 -n "$n" -c "$c" -d "$2" -H 'content-type: application/ocsp-request' "$1" 2>&1 |
    awk '/finished in/ {for (i=1;i<=NF;i++) if ($i ~ /req\/s/) print $(i-1)} /requests: .* succeeded/ {print "#", $0}'
}
rate_ab() { # URL FILE → requests/s (a new connection per request)
  taskset -c 1 ab -q -n $((n / 4)) -c "$c" -p "$2" -T application/ocsp-request "$1" 2>&1 |
    awk '/Requests per second/ {print $4} /Failed requests/ {f=$3} /\(Connect/ {print "# failed", f, $0}'
}
echo "OCSP, one certificate, $c clients, responder on core 0, load on core 1"
echo "h2load kept-open, no nonce:  ratu $(rate_h2load "http://127.0.0.1:$pub/ocsp" "$work/plain.der" | tr '\n' ' ')"
echo "                             openssl $(rate_h2load "http://127.0.0.1:$oport/" "$work/plain.der" | tr '\n' ' ')"
echo "ab new connection, nonce:    ratu $(rate_ab "http://127.0.0.1:$pub/ocsp" "$work/nonce.der" | tr '\n' ' ')"
echo "                             openssl $(rate_ab "http://127.0.0.1:$oport/" "$work/nonce.der" | tr '\n' ' ')"
echo "ab new connection, no nonce: ratu $(rate_ab "http://127.0.0.1:$pub/ocsp" "$work/plain.der" | tr '\n' ' ')"
echo "                             openssl $(rate_ab "http://127.0.0.1:$oport/" "$work/plain.der" | tr '\n' ' ')"
