"""The production settings are safe by default; the laptop defaults never leak into production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "k3y-for-the-deploy-check-only-" + "x7Qz9" * 8,
    "ALLOWED_HOSTS": "stepwise.example.org",
    "DATABASE_URL": "sqlite:////tmp/stepwise-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6399/0",
    "SITE_URL": "https://stepwise.example.org",
    "EMAIL_URL": "smtp://mail.example.org:587",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_does_not_fall_back_to_sqlite():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    result = _manage("check", env=env)
    assert "DATABASE_URL" in result.stderr


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_cannot_be_framed(client):
    assert client.get("/accounts/login/")["X-Frame-Options"] == "DENY"


def test_two_step_sign_in_is_required_unless_turned_off_on_purpose():
    check = "from django.conf import settings; print(settings.SECOND_FACTOR_REQUIRED)"
    assert _manage("shell", "--no-imports", "-c", check, env=PRODUCTION).stdout.strip() == "True"
    laptop = _manage("shell", "--no-imports", "-c", check, env={"DEBUG": "true"})
    assert laptop.stdout.strip() == "True"  # the demo keeps it on too (seed_demo, manage.py demo_code)
    off = _manage("shell", "--no-imports", "-c", check, env={**PRODUCTION, "SECOND_FACTOR_REQUIRED": "false"})
    assert off.stdout.strip() == "False"


def _database_settings(url: str) -> str:
    show = "from django.conf import settings as s; d = s.DATABASES['default']; "
    show += "print(d['OPTIONS'].get('options'), bool(d.get('DISABLE_SERVER_SIDE_CURSORS')))"
    result = _manage("shell", "-c", show, env={**PRODUCTION, "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's note of what it imported


def test_production_plans_prepared_statements_once_unless_a_transaction_pooler_sits_between():
    """config/prepared.py: one generic plan per prepared statement; none prepared behind a transaction pooler."""
    direct = _database_settings("postgresql://stepwise:pw@db.example.org:5432/stepwise")
    assert direct == "-c jit=off -c plan_cache_mode=force_generic_plan False"
    pooled = _database_settings(
        "postgresql://stepwise:pw@pgbouncer.example.org:6432/stepwise?disable_server_side_cursors=true"
    )
    assert pooled.endswith(" True")  # deploy/README and docs/scaling.md name this query parameter
