"""Settings for `make loadtest` only: the production settings, plus the benchmark's URLs and a query counter.

Never used by the app itself. The environment must carry what production needs (SECRET_KEY,
DATABASE_URL, REDIS_URL, ...); bench/loadtest.py sets it for its own database.
"""

from __future__ import annotations

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "bench.loadtest_urls"
# Outermost, so the session's own read and write are counted with the page's queries.
MIDDLEWARE = ["bench.query_count.QueryCountMiddleware", *MIDDLEWARE]
