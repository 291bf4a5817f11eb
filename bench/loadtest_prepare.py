"""Sign the load test's people in and print what it needs as JSON (run by bench/loadtest.py, never alone).

Runs with the load test's settings and environment, so its sessions are the server's sessions
(whatever the session engine is). Each person gets a session as if they had signed in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402

from bench.pages import sign_in  # noqa: E402
from planning.demo.clinic import CLINIC_NAME, DOMAIN  # noqa: E402
from planning.models import Client, Organization, User  # noqa: E402

STAFF_EMAIL = "staff@loadtest.example"
POOL = 1600  # clients whose PDFs are each drawn once, for "first render" (half for each PDF)


def session_of(user: User) -> str:
    http = HttpClient()
    sign_in(http, user)
    return http.cookies[settings.SESSION_COOKIE_NAME].value


def main() -> None:
    clinic = Organization.objects.get(name=CLINIC_NAME)
    clinician = User.objects.get(email=f"clinician01@{DOMAIN}")
    measured = Client.objects.select_related("user").get(email=f"client0001@clients.{DOMAIN}")
    assert measured.user is not None
    staff, _created = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"full_name": "Load test staff", "is_staff": True, "is_superuser": True}
    )
    pool = (
        Client.objects.filter(organization=clinic, is_active=True, user__isnull=False, safety_plan__isnull=False)
        .exclude(pk=measured.pk)
        .select_related("user")
        .order_by("pk")[:POOL]
    )
    print(
        json.dumps(
            {
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "clinician": session_of(clinician),
                "client": session_of(measured.user),
                "staff": session_of(staff),
                "client_id": str(measured.public_id),
                "plan_id": str(measured.plans.current().get().public_id),
                "caseload": clinician.care_assignments.count(),
                "pool": [[str(client.public_id), session_of(client.user)] for client in pool if client.user],
            }
        )
    )


if __name__ == "__main__":
    main()
