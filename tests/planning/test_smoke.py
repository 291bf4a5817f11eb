from __future__ import annotations

from django.urls import reverse


def test_the_caseload_lists_the_clinicians_clients(clinician_http, world):
    response = clinician_http.get(reverse("planning:caseload"))
    assert response.status_code == 200
    assert world.client.preferred_name in response.content.decode()
