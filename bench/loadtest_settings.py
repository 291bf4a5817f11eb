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
# The load test asks one person for the same page hundreds of times a minute, far past the limits meant for
# people (config/ratelimits.py: 30 PDFs in 5 minutes, 60 searches a minute). It measures what a page costs, so
# the limits are off here (django-ratelimit then skips its Redis counter too, about one round trip a request).
RATELIMIT_ENABLE = False
