"""Staff edit the shared library in the Django admin; the loader then leaves their edit alone."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories import UserFactory
from tests.second_factor import force_sign_in


@pytest.fixture
def staff_http(db) -> HttpClient:
    http = HttpClient()
    staff = UserFactory(is_staff=True, is_superuser=True, role="", organization=None)
    return force_sign_in(http, staff)  # past two-step sign-in, which staff need as clinicians do


def test_staff_can_open_the_library_in_the_admin(staff_http):
    response = staff_http.get(reverse("admin:content_item_changelist"), {"kind__exact": "technique"})
    assert "Paced breathing" in response.text


def test_an_admin_edit_marks_the_item_as_edited_here(staff_http, library_item):
    item = library_item("sensory-focus")
    url = reverse("admin:content_item_change", args=[item.pk])
    form = staff_http.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title="Focus on one sense, slowly", organization="", tool="")
    staff_http.post(url, data)
    item.refresh_from_db()
    assert (item.title, item.locally_edited) == ("Focus on one sense, slowly", True)
