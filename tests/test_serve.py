"""scripts/serve (behind `make serve`) says plainly what production needs before starting anything."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import subprocess
from pathlib import Path

from tests.test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL")


def _serve(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", *PRODUCTION}}
    return subprocess.run(
        [str(ROOT / "scripts" / "serve")], env={**clean, **env}, capture_output=True, text=True, timeout=30
    )


def test_without_settings_it_names_each_one_with_an_example_and_starts_nothing():
    result = _serve({})
    assert result.returncode == 2
    assert all(name in result.stderr for name in SETTINGS)
    assert "postgresql://" in result.stderr and "make run" in result.stderr


def test_it_names_only_what_is_missing():
    result = _serve({k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"})
    assert result.returncode == 2
    assert "REDIS_URL" in result.stderr and "SECRET_KEY" not in result.stderr


def test_it_refuses_to_run_production_with_debug_on():
    result = _serve({**PRODUCTION, "DEBUG": "true"})
    assert result.returncode == 2 and "DEBUG is on" in result.stderr


def test_it_refuses_sqlite():
    result = _serve(PRODUCTION)  # PRODUCTION's DATABASE_URL is SQLite, for the deploy check
    assert result.returncode == 2 and "must be PostgreSQL" in result.stderr


def test_gunicorn_runs_two_workers_per_core_plus_one_and_keeps_its_access_log_off(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = importlib.reload(importlib.import_module("config.gunicorn"))
    assert config.workers == multiprocessing.cpu_count() * 2 + 1
    assert config.accesslog is None
    assert config.logconfig_dict["loggers"]["gunicorn.access"]["handlers"] == []
