"""gunicorn settings. `gunicorn portal.wsgi` reads this file from the project root.

Every value can be overridden from the environment; docs/deployment.md lists them.
"""

import multiprocessing
import os

# gunicorn is the production server: production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Load Django once in the master so workers fork with it ready (less memory, faster restarts).
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = 100_000
max_requests_jitter = 10_000

# No runtime control socket: one fixed path per user would collide between servers on a host.
control_socket_disable = True

# The load balancer in front is the only client allowed to say which scheme was used.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1"))

# Access log without the client address, query string, referer or user agent: patients are
# anonymous, and a referer or query string could say which page or answer brought them here.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
