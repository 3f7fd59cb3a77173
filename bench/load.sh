#!/usr/bin/env bash
# Speed under load: gunicorn with 4 workers (as deployed) on the demo diary, wrk against five endpoints.
#
#   bench/load.sh                      # 20 s per endpoint on a fresh SQLite demo database
#   DURATION=5s bench/load.sh          # shorter
#   DATABASE_URL=postgresql://... bench/load.sh   # an empty PostgreSQL database instead
#   ONLY=pdf bench/load.sh             # only the last row (writes beside PDF downloads)
#
# Prints requests per second and the 99th-percentile latency of the dashboard page, its chart
# data, the episode list and a check-in write (the day's stress level changed), each also as a
# share of the rate of /healthz (the ceiling: no session, one trivial query), measured again
# right before each row.
# Beside them, the CPU milliseconds a worker spent per request (bench/gunicorn_cpu.py logs
# each request's) and /healthz's in the same terms: the CPU share, healthz's CPU over the
# row's. It moves less than the rates on a shared machine, and it is lower than the rate share
# (wrk and the kernel cost every request the same, which the rates include).
# Targets: reads at least 50% of /healthz, writes at least 30%.
# "write+dashboard" alternates a write and the dashboard (log, then look); its rate counts both,
# so the dashboards seen right after a write are half of it ("fresh dashboards", the writes'
# time included). A dashboard after a write only comes mixed with writes, so its own cost is
# read from the workers' CPU log: "dashboards after a write" is the CPU of those dashboards
# alone, and its share is of /healthz's CPU. Target: at least 30% of /healthz.
# (Taking the check-in row's time out of each pair does not measure it: eight writers at once
# wait for each other on the write lock, so writes alone run slower than writes between reads.)
# The check-in write changes the stress level only, which leaves the headache pattern as it
# was (diary/diary_version.py): the dashboard then makes only the trigger comparison again.
# "pattern write+dashboard" does the same with a write that changes the pattern (menstruation
# on the day, yes and no in turn): the dashboard after it is analysed afresh. No target; it
# shows what a new headache costs the next view.
# Last row: the same check-in writes while the demo physiotherapist streams PDF downloads of
# the patient's last 3 months (one connection, back to back), as a share of the writes alone.
# Target: at least 80% (a download must not hold the write lock while it renders).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-8}
WORKERS=${WORKERS:-4}
command -v wrk >/dev/null || { echo "bench/load.sh needs wrk: sudo apt-get install -y wrk"; exit 1; }
[ -x .venv/bin/gunicorn ] || make .venv/bin/activate >/dev/null

# One browser: curl logs in and wrk uses the session with the same User-Agent. With another,
# the login's "basic" session protection (Flask-Login) marks the session not fresh on every
# request and the cookie is signed afresh each time, which a browser's requests never cost.
AGENT="diary-load-benchmark"
curl() { command curl -A "$AGENT" "$@"; }
wrk() { command wrk -H "User-Agent: $AGENT" "$@"; }

WORKDIR=$(mktemp -d /tmp/diary-load.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
export DATABASE_URL=${DATABASE_URL:-sqlite:///$WORKDIR/diary.sqlite}
export SECRET_KEY=load-benchmark DIARY_INSECURE_COOKIES=1
export CPU_LOG_DIR=$WORKDIR/cpu
mkdir "$CPU_LOG_DIR"
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
  rm -rf "$WORKDIR"
}
trap cleanup EXIT

.venv/bin/flask --app diary db upgrade >/dev/null 2>&1
.venv/bin/flask --app diary seed-demo >/dev/null
.venv/bin/gunicorn -c bench/gunicorn_cpu.py --workers "$WORKERS" --bind "127.0.0.1:$PORT" --log-level warning \
  'diary:create_app()' 2>"$WORKDIR/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done

token() { grep -o 'name="csrf_token" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
# Log in as the demo patient; keep the session cookie and the form token (the scripts below
# read it from DIARY_CSRF). Done again before each row: wrk sends the same cookie throughout,
# and a session cookie over a minute old is signed afresh on every response (its "last seen"
# moves), where a browser, which keeps the new cookie, has that once a minute.
patient_login() {
  local jar="$WORKDIR/cookies"
  rm -f "$jar"
  TOKEN=$(curl -fs -c "$jar" -b "$jar" "$BASE/login" | token)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$TOKEN" \
    --data-urlencode "email=patient@example.com" --data-urlencode "password=demo-patient-2026" \
    "$BASE/login"
  TOKEN=$(curl -fs -c "$jar" -b "$jar" "$BASE/today" | token)
  COOKIE="session=$(awk '$6 == "session" {print $7}' "$jar")"
  export DIARY_CSRF=$TOKEN
}
patient_login
YESTERDAY=$(python3 -c 'import datetime, zoneinfo; print(datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Amsterdam")).date() - datetime.timedelta(days=1))')

# A check-in save that changes the day (the stress level moves each time), as a patient's does:
# saving the same values again writes less, and the pairs below write changed days too.
cat >"$WORKDIR/check_in.lua" <<EOF
local n, token = 0, os.getenv("DIARY_CSRF")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  n = n + 1
  wrk.body = "csrf_token=" .. token .. "&had_headache=no&stress=" .. (n % 10) ..
    "&screen_hours=6.5&sleep_hours=7&note=load+test"
  return wrk.format()
end
EOF

# Log, then look: each connection alternates a check-in write (the stress level changes, so the
# diary version does too) with the dashboard, which then cannot come from a kept page.
cat >"$WORKDIR/write_then_look.lua" <<EOF
local n, token = 0, os.getenv("DIARY_CSRF")
request = function()
  n = n + 1
  if n % 2 == 1 then
    local body = "csrf_token=" .. token .. "&had_headache=no&stress=" .. (n % 10) ..
      "&screen_hours=6.5&sleep_hours=7&note=load+test"
    -- wrk.format uses only the headers it is given: keep the session cookie from -H.
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    return wrk.format("POST", "/day/$YESTERDAY", headers, body)
  end
  return wrk.format("GET", "/dashboard", wrk.headers)
end
EOF

# The same, with a write the headache pattern reads: menstruation on the day, yes and no in turn.
sed 's/"\&screen_hours=6.5/"\&menstruation=" .. ((n % 4 == 1) and "yes" or "no") .. "\&screen_hours=6.5/' \
  "$WORKDIR/write_then_look.lua" >"$WORKDIR/pattern_write_then_look.lua"
grep -q menstruation "$WORKDIR/pattern_write_then_look.lua" || { echo "pattern write script"; exit 1; }

# name|path|extra wrk arguments
ENDPOINTS=(
  "healthz|/healthz|"
  "dashboard page|/dashboard|"
  "chart data|/dashboard/data|"
  "episode list|/episodes/|"
  "check-in write|/day/$YESTERDAY|-s $WORKDIR/check_in.lua"
  "write+dashboard|/|-s $WORKDIR/write_then_look.lua"
  "pattern write+dashboard|/|-s $WORKDIR/pattern_write_then_look.lua"
)

measure() {  # prints: requests/s p99 non-2xx/3xx, and the start and end times
  local path=$1 extra=$2 out start
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" $extra "$BASE$path")
  local rate p99 bad
  rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  echo "$rate $p99 ${bad:-0} $start $(date +%s.%N)"
}

# The workers' mean CPU milliseconds per request between two times (the requests of one wrk
# run), of one method and path when given.
cpu_ms() {
  local from=$1 to=$2 method=${3:-} path=${4:-}
  cat "$CPU_LOG_DIR"/*.log | awk -v a="$from" -v b="$to" -v m="$method" -v p="$path" '
    $1 >= a && $1 <= b && (m == "" || $2 == m) && (p == "" || $3 == p) {s += $4; n++}
    END {if (n) printf "%.2f", s / n; else print "-"}'
}

share() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f%%", 100 * a / b}'; }

# Warm up untimed: each worker compiles its templates and renders the pages once (the first
# seconds' half-second responses are start-up, not load).
for path in /dashboard /dashboard/data /episodes/; do
  wrk -t2 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "$BASE$path" >/dev/null
done

echo "gunicorn --workers $WORKERS, wrk -t2 -c$CONNECTIONS -d$DURATION, database ${DATABASE_URL%%:*}"
row() { printf '%-24s %9s %9s %9s %6s %7s %6s %6s %s\n' "$@"; }
row endpoint "req/s" p99 healthz share "cpu ms" share errors ""
[ "${ONLY:-}" = pdf ] && ENDPOINTS=()
for entry in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name path extra <<<"$entry"
  # The ceiling is measured again right before each row: on a shared machine it moved by half
  # between the start and the end of one run.
  patient_login
  read -r CEILING _p99 _bad start end < <(measure /healthz "")
  CEILING_CPU=$(cpu_ms "$start" "$end" GET /healthz)
  if [ "$name" = healthz ]; then
    row healthz "$CEILING" "$_p99" "$CEILING" 100% "$CEILING_CPU" 100% "$_bad"
    continue
  fi
  read -r rate p99 bad start end < <(measure "$path" "$extra")
  cpu=$(cpu_ms "$start" "$end")
  row "$name" "$rate" "$p99" "$CEILING" "$(share "$rate" "$CEILING")" "$cpu" \
    "$(share "$CEILING_CPU" "$cpu")" "$bad"
  if [ "${name#pattern }" = "write+dashboard" ]; then
    looks=$(awk -v r="$rate" 'BEGIN {printf "%.2f", r / 2}')
    row "  fresh dashboards" "$looks" "" "" "$(share "$looks" "$CEILING")" "" "" "" \
      "(the writes' time included)"
    cpu=$(cpu_ms "$start" "$end" GET /dashboard)
    target="(their own CPU; target >= 30% of healthz)"
    [ "$name" = "write+dashboard" ] || target="(their own CPU)"
    row "  dashboards after a write" "" "" "" "" "$cpu" "$(share "$CEILING_CPU" "$cpu")" "" \
      "$target"
    cpu=$(cpu_ms "$start" "$end" POST "/day/$YESTERDAY")
    row "  the writes" "" "" "" "" "$cpu" "$(share "$CEILING_CPU" "$cpu")" "" ""
  fi
done

# Log in as the demo physiotherapist (password, then the demo authenticator code).
PJAR="$WORKDIR/physio-cookies"
TOKEN=$(curl -fs -c "$PJAR" -b "$PJAR" "$BASE/login" | token)
curl -fs -o /dev/null -c "$PJAR" -b "$PJAR" --data-urlencode "csrf_token=$TOKEN" \
  --data-urlencode "email=physio@example.com" --data-urlencode "password=demo-physio-2026" "$BASE/login"
TOKEN=$(curl -fs -c "$PJAR" -b "$PJAR" "$BASE/login/two-factor" | token)
CODE=$(.venv/bin/python -c 'from datetime import UTC, datetime; from diary.demo import DEMO_TOTP_SECRET; from diary.services.totp import code_at; print(code_at(DEMO_TOTP_SECRET, datetime.now(UTC)))')
curl -fs -o /dev/null -c "$PJAR" -b "$PJAR" --data-urlencode "csrf_token=$TOKEN" \
  --data-urlencode "code=$CODE" "$BASE/login/two-factor"
PHYSIO_COOKIE="session=$(awk '$6 == "session" {print $7}' "$PJAR")"
PATIENT_PATH=$(curl -fs -H "Cookie: $PHYSIO_COOKIE" "$BASE/physio" | grep -o 'href="/patients/[0-9]*"' | head -n 1 | sed 's/href="//; s/"$//')
[ -n "$PATIENT_PATH" ] || { echo "the demo physiotherapist sees no patient"; exit 1; }

# Writes alone (again, just before), then the same writes beside a stream of PDF downloads.
patient_login
read -r alone _p99 _bad start end < <(measure "/day/$YESTERDAY" "-s $WORKDIR/check_in.lua")
alone_cpu=$(cpu_ms "$start" "$end" POST "/day/$YESTERDAY")
wrk -t1 -c1 -d"$DURATION" --timeout 60s -H "Cookie: $PHYSIO_COOKIE" "$BASE$PATIENT_PATH/summary.pdf?period=3m" \
  >"$WORKDIR/pdf.out" &
PDF_PID=$!
read -r during p99 bad start end < <(measure "/day/$YESTERDAY" "-s $WORKDIR/check_in.lua")
wait "$PDF_PID"
during_cpu=$(cpu_ms "$start" "$end" POST "/day/$YESTERDAY")
bad_pdfs=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$WORKDIR/pdf.out")
pdfs=$(awk '/requests in/ {print $1}' "$WORKDIR/pdf.out")
row "writes alone" "$alone" "$_p99" "" "" "$alone_cpu" "" "$_bad" ""
row "writes + PDFs" "$during" "$p99" "" "$(share "$during" "$alone")" "$during_cpu" "" "$bad" \
  "($pdfs PDFs, ${bad_pdfs:-0} failed; target >= 80% of writes alone)"

if grep -q Traceback "$WORKDIR/gunicorn.log"; then
  echo "gunicorn logged errors:"; tail -n 20 "$WORKDIR/gunicorn.log"; exit 1
fi
