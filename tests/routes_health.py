"""Permission-matrix row for the health check: everyone, signed in or not, gets its JSON."""

from __future__ import annotations

from tests.matrix import OK, PERSONAS, Route

ROUTES = [Route("healthz", dict.fromkeys(PERSONAS, OK))]
