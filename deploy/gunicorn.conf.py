"""gunicorn settings for the headache diary: `gunicorn -c deploy/gunicorn.conf.py`.

Timeouts, and why:
- timeout 60 s: the slowest request is the 12-month PDF summary (about 3 s on the clinic's
  server, bench/export.py; target <= 3 s) and a 10 MB import; 60 s is twenty times that, so
  only a truly stuck worker is killed, and a client never waits for minutes. A PDF is laid
  out on idle processor time only; one that found none for 45 s answers 503 "try again in a
  minute" first (diary/export/pdf.py).
- graceful_timeout 30 s: on a restart a worker finishes its request (a PDF included) first.
- keepalive 5 s: nginx in front keeps connections to gunicorn short and cheap.
Slow clients never reach a worker: nginx buffers whole requests and responses
(deploy/nginx.conf). Without it, 12 slow clients starved 4 workers (issue 22).
"""

import os

wsgi_app = "diary:create_app()"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker that imported a large file keeps its memory; replace workers now and then.
max_requests = 2000
max_requests_jitter = 200
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
