"""gunicorn's settings, for scripts/serve and deploy/stepwise-web.service: `gunicorn -c config/gunicorn.py config.wsgi`.

Workers default to gunicorn's rule of thumb, two per core plus one; WEB_CONCURRENCY overrides it.
Logs are the app's JSON lines (config/logs.py); gunicorn's own access log stays off, since it would
print raw paths and query strings.
"""

from __future__ import annotations

import multiprocessing
import os

from config.logs import logging_config

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# The reverse proxy on this machine sets X-Forwarded-Proto; trust it from there only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# PDFs render inside the request; 30 s is far above a plan's first render and still ends a stuck worker.
timeout = 30
graceful_timeout = 20
accesslog = None
errorlog = "-"
logconfig_dict = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"), structured=os.environ.get("LOG_JSON", "true").lower() != "false"
)
