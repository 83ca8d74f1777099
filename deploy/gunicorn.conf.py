"""gunicorn settings for factcheck: `gunicorn -c deploy/gunicorn.conf.py app:app` (README, Deployment).

Run it behind the buffering reverse proxy of deploy/nginx-factcheck.conf: the proxy reads each request
whole before it passes it on, so a slow or idle client holds a proxy connection (cheap), never a worker
thread. Without the proxy, each idle connection holds one of the workers' threads until --timeout.

Every value can be changed with an environment variable (tests/test_faults.py starts gunicorn with this
file and small counts). Defaults: FACTCHECK_WORKERS = CPU cores + 1, FACTCHECK_THREADS = 4 (gthread), so a
2-core host runs 3 x 4 = 12 requests at once and an 8-core host 9 x 4 = 36; each thread may hold one
database connection, so PostgreSQL's max_connections must cover workers x threads for every app host.
"""

import multiprocessing
import os

bind = os.environ.get("FACTCHECK_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("FACTCHECK_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("FACTCHECK_THREADS", 4))
# a worker that has not answered its heartbeat this long is killed and replaced (with gthread the
# heartbeat runs beside the requests, so a long CSV export is not cut; a stuck worker is)
timeout = int(os.environ.get("FACTCHECK_WORKER_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("FACTCHECK_GRACEFUL_TIMEOUT", 30))  # on restart: finish what runs
keepalive = int(
    os.environ.get("FACTCHECK_KEEPALIVE", 5)
)  # seconds; keep it below the proxy's keepalive_timeout
# recycle workers now and then (bounded memory), staggered so they do not all restart at once
max_requests = int(os.environ.get("FACTCHECK_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("FACTCHECK_MAX_REQUESTS_JITTER", 200))
backlog = 2048
# load the app once in the master and fork the workers from it: a worker that died (killed, recycled by
# max_requests) is replaced by one that answers at once. No database connection crosses the fork: the
# start-up check's is closed, and post_fork below drops whatever the pool might hold.
preload_app = True
# the app writes its own request log line (FACTCHECK_LOG_FORMAT=json); gunicorn's own access log stays off
accesslog = None
errorlog = "-"
loglevel = os.environ.get("FACTCHECK_GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FACTCHECK_PROXY_IPS", "127.0.0.1")


def post_fork(server, worker):
    """In each new worker: never reuse a connection the master's pool opened (SQLAlchemy's advice for
    forked processes: dispose(close=False) leaves the parent's sockets alone)."""
    import app

    app.app.extensions["factcheck_engine"].dispose(close=False)
