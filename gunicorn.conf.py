"""gunicorn settings for Бақылау (scripts/serve).  Every value can be set in the environment.

HOST, PORT           where to listen (default 127.0.0.1:8000; nginx proxies to it)
WEB_CONCURRENCY      worker processes (default 2 × cores + 1)
GUNICORN_THREADS     threads per worker (default 1)
GUNICORN_TIMEOUT     seconds before a silent worker is restarted (default 120: PDF conversion)
FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* gunicorn believes (default 127.0.0.1)
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The application writes one JSON line per request itself (inspections/ops.py).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def post_worker_init(worker):
    """The worker has loaded the application: settle its memory (inspections/ops.py)."""
    from inspections.ops import settle_memory

    settle_memory()
