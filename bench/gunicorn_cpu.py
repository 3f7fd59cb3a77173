"""Gunicorn settings for bench/load.sh: each worker writes the CPU time of every request it
serves to a file of its own, so the benchmark can say what one kind of request costs when it
only comes mixed with others (the dashboard right after a write).

A sync worker serves one request at a time, so the process's CPU time from the end of one
request to the end of the next is that request's: reading it, the app, sending the answer.

Each line: the wall-clock time at the end, the method, the path, the CPU milliseconds.
"""

import os
import time

CPU_LOG_DIR = os.environ["CPU_LOG_DIR"]


def post_fork(server, worker):
    worker.cpu_log = open(os.path.join(CPU_LOG_DIR, f"{os.getpid()}.log"), "a",  # noqa: SIM115
                          buffering=1)
    worker.cpu_mark = time.process_time()


def post_request(worker, req, environ, resp):
    now = time.process_time()
    worker.cpu_log.write(f"{time.time():.3f} {req.method} {req.path} "
                         f"{(now - worker.cpu_mark) * 1000:.3f}\n")
    worker.cpu_mark = now
