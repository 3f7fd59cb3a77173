#!/usr/bin/env bash
# Lighthouse at phone size on the login, Today, dashboard and caseload pages of the demo diary.
#
#   bench/lighthouse.sh            # or: make lighthouse
#   KEEP=1 bench/lighthouse.sh     # keep the JSON and HTML reports (the folder is printed)
#
# gunicorn (2 workers) serves a fresh SQLite demo database; Lighthouse (npm, pinned below, run
# by npx) drives Debian's chromium through CHROME_PATH with its mobile preset at 390 x 844 px,
# signed in through a Cookie header as the demo patient or physiotherapist. Prints the four
# category scores per page. Targets (issue 16): accessibility 100, best practices 100,
# performance at least 95.
set -euo pipefail
cd "$(dirname "$0")/.."

LIGHTHOUSE=lighthouse@12.2.3
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
command -v npx >/dev/null || { echo "bench/lighthouse.sh needs node and npm: sudo apt-get install -y npm"; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "bench/lighthouse.sh needs chromium at $CHROME_PATH"; exit 1; }
[ -x .venv/bin/gunicorn ] || make .venv/bin/activate >/dev/null

WORKDIR=$(mktemp -d /tmp/diary-lighthouse.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
export DATABASE_URL=sqlite:///$WORKDIR/diary.sqlite
export SECRET_KEY=lighthouse-benchmark DIARY_INSECURE_COOKIES=1
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
  if [ -n "${KEEP:-}" ]; then echo "reports kept in $WORKDIR"; else rm -rf "$WORKDIR"; fi
}
trap cleanup EXIT

.venv/bin/pybabel compile -d translations >/dev/null 2>&1
.venv/bin/flask --app diary db upgrade >/dev/null 2>&1
.venv/bin/flask --app diary seed-demo >/dev/null
.venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$PORT" --log-level warning \
  'diary:create_app()' 2>"$WORKDIR/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done

token() { grep -o 'name="csrf_token" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
log_in() {  # jar email password -> the session cookie
  local jar=$1 token
  token=$(curl -fs -c "$jar" -b "$jar" "$BASE/login" | token)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$2" --data-urlencode "password=$3" "$BASE/login"
}
session() { echo "session=$(awk '$6 == "session" {print $7}' "$1")"; }

log_in "$WORKDIR/patient" patient@example.com demo-patient-2026
PATIENT=$(session "$WORKDIR/patient")
log_in "$WORKDIR/physio" physio@example.com demo-physio-2026
TOKEN=$(curl -fs -c "$WORKDIR/physio" -b "$WORKDIR/physio" "$BASE/login/two-factor" | token)
CODE=$(.venv/bin/python -c 'from datetime import UTC, datetime; from diary.demo import DEMO_TOTP_SECRET; from diary.services.totp import code_at; print(code_at(DEMO_TOTP_SECRET, datetime.now(UTC)))')
curl -fs -o /dev/null -c "$WORKDIR/physio" -b "$WORKDIR/physio" \
  --data-urlencode "csrf_token=$TOKEN" --data-urlencode "code=$CODE" "$BASE/login/two-factor"
PHYSIO=$(session "$WORKDIR/physio")

# name|path|cookie
PAGES=("login|/login|" "today|/today|$PATIENT" "dashboard|/dashboard|$PATIENT" "caseload|/physio|$PHYSIO")

echo "$LIGHTHOUSE, mobile preset at 390 x 844, $("$CHROME_PATH" --version 2>/dev/null)"
printf '%-10s %12s %14s %15s %6s\n' page performance accessibility "best practices" seo
for entry in "${PAGES[@]}"; do
  IFS='|' read -r name path cookie <<<"$entry"
  headers=$(python3 -c 'import json, sys; print(json.dumps({"Cookie": sys.argv[1]} if sys.argv[1] else {}))' "$cookie")
  # Chromium now and then loses the trace of a load (NO_NAVSTART): up to three attempts.
  for attempt in 1 2 3; do
    npx -y "$LIGHTHOUSE" "$BASE$path" --quiet --output=json --output=html \
      --output-path="$WORKDIR/$name" --extra-headers="$headers" \
      --form-factor=mobile --screenEmulation.width=390 --screenEmulation.height=844 \
      --screenEmulation.deviceScaleFactor=3 --screenEmulation.mobile=true \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      >/dev/null 2>"$WORKDIR/$name.log" && break
    [ "$attempt" = 3 ] && { echo "$name: lighthouse failed, see $WORKDIR/$name.log"; KEEP=1; continue 2; }
  done
  python3 - "$WORKDIR/$name.report.json" "$name" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
score = {key: round(100 * (c["score"] or 0)) for key, c in report["categories"].items()}
print(f'{sys.argv[2]:<10} {score["performance"]:>12} {score["accessibility"]:>14} '
      f'{score["best-practices"]:>15} {score["seo"]:>6}')
for key, category in report["categories"].items():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f'    {key}: {audit["id"]} ({audit["score"]}) {audit.get("displayValue", "")}')
EOF
done
