"""Kept pages (config/kept_pages.py): a page served from the cache until anything it shows changes, never stale.

Each "shows at once" test has its control beside it: the page really was kept (the second visit drew
nothing), so the change is what made it draw again.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config import kept_pages
from content.models import Audience, Item, Kind
from content.services import item_update
from planning.models import AuditEvent, Client, Notification, Plan, PlanView
from planning.services.audit import audit_record
from planning.services.crisis_lines import crisis_line_save
from tests.second_factor import force_sign_in

from .. import factories as f

# What each page is, who opens it, and a word it always shows.
PAGES = {
    "client home": ("client", "planning:client_home", {}),
    "safety plan (client)": ("client", "planning:my_safety_plan", {}),
    "library search": ("client", "content:index", {"q": "breath"}),
    "caseload": ("clinician", "planning:caseload", {}),
    "plan page": ("clinician", "planning:plan_detail", "plan"),
    "safety plan (care team)": ("clinician", "planning:safety_plan", "client"),
}


def _url(world: Any, name: str, how: Any) -> str:
    if how == "plan":
        plan = Plan.objects.current().filter(client=world.client).first() or f.PlanFactory(client=world.client)
        # The first look ever starts the clinician's visits ("changed since you last looked" from the next one).
        PlanView.objects.create(plan=plan, user=world.clinician, last_seen_at=timezone.now())
        return reverse(name, args=[plan.public_id])
    if how == "client":
        return reverse(name, args=[world.client.public_id])
    return reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in how.items()) if how else "")


def _visit(http: HttpClient, url: str) -> tuple[str, bool]:
    """The page's HTML and whether it was drawn (False: served as kept, which renders no template)."""
    with CaptureQueriesContext(connection):
        response = http.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.templates != []


def _without_tokens(html: str) -> str:
    return re.sub(r"[a-zA-Z0-9]{64}", "TOKEN", html)


@pytest.fixture
def as_(client_http: HttpClient, clinician_http: HttpClient) -> dict[str, HttpClient]:
    return {"client": client_http, "clinician": clinician_http}


@pytest.mark.parametrize("page", PAGES)
def test_a_second_visit_is_served_as_kept_and_shows_the_same(world, as_, page):
    who, name, how = PAGES[page]
    url = _url(world, name, how)
    first, drawn = _visit(as_[who], url)
    assert drawn  # control: the first visit draws the page
    second, drawn_again = _visit(as_[who], url)
    assert not drawn_again and _without_tokens(second) == _without_tokens(first)


@pytest.mark.parametrize("page", PAGES)
def test_a_kept_page_needs_fewer_queries(world, as_, page, django_assert_max_num_queries):
    who, name, how = PAGES[page]
    url = _url(world, name, how)
    with CaptureQueriesContext(connection) as drawing:
        as_[who].get(url)
    with CaptureQueriesContext(connection) as kept:
        as_[who].get(url)
    assert len(kept) < len(drawing)


def test_a_line_the_clinician_adds_shows_at_once_on_the_clients_kept_safety_plan(client_http, clinician_http, world):
    url = reverse("planning:my_safety_plan")
    _visit(client_http, url)
    add = reverse("planning:safety_plan_add_item", args=[world.client.public_id])
    assert clinician_http.post(add, {"section": "coping", "text": "Walk round the block"}).status_code == 302
    html, drawn = _visit(client_http, url)
    assert drawn and "Walk round the block" in html


def test_a_kept_page_is_really_kept_a_write_the_app_never_recorded_waits_for_the_next_change(client_http, world):
    """The control for the test above: only recorded changes draw a page again (writes outside the app wait)."""
    url = reverse("planning:client_home")
    _visit(client_http, url)
    Client.objects.filter(pk=world.client.pk).update(preferred_name="Robyn")  # no audit entry: a shell, a data fix
    html, drawn = _visit(client_http, url)
    assert not drawn and "Robyn" not in html
    AuditEvent.objects.create(organization=world.clinic, client=world.client, action="client.updated")
    assert "Robyn" in _visit(client_http, url)[0]


def test_a_crisis_line_the_clinic_adds_shows_at_once_on_a_kept_safety_plan(client_http, world):
    url = reverse("planning:my_safety_plan")
    assert "0800 555 0199" not in _visit(client_http, url)[0]
    crisis_line_save(
        actor=world.org_admin,
        line=None,
        country="United Kingdom",
        name="Harbour night line",
        channel="call",
        number="0800 555 0199",
        instructions="",
        is_emergency=False,
        position=1,
        last_checked=date.today(),
    )
    assert "0800 555 0199" in _visit(client_http, url)[0]


def test_a_new_update_shows_in_the_header_of_a_kept_page_and_reading_it_clears_it(client_http, world):
    url = reverse("planning:my_safety_plan")
    assert "next-badge" not in _visit(client_http, url)[0]
    f.NotificationFactory(client=world.client)
    assert "next-badge" in _visit(client_http, url)[0]
    client_http.post(reverse("planning:notifications_read_all"))
    assert "next-badge" not in _visit(client_http, url)[0]


def test_a_library_edit_shows_at_once_in_a_kept_search(client_http, world):
    item = Item.objects.create(
        organization=world.clinic,
        kind=Kind.TOPIC,
        slug="harbour-walks",
        title="Harbour walks",
        summary="Short walks by the water.",
        body="Walking by the water.",
        audience=Audience.EVERYONE,
    )
    url = reverse("content:index") + "?q=harbour"
    assert "Harbour walks" in _visit(client_http, url)[0]
    item_update(item=item, data={"title": "Harbour strolls"})
    html, drawn = _visit(client_http, url)
    assert drawn and "Harbour strolls" in html and "Harbour walks" not in html


def test_two_clients_of_one_clinic_never_see_each_others_kept_home(world):
    robin, sasha = HttpClient(), HttpClient()
    force_sign_in(robin, world.client.user)
    force_sign_in(sasha, world.other_client.user)
    url = reverse("planning:client_home")
    _visit(robin, url)
    html, drawn = _visit(sasha, url)
    assert drawn and "Sasha" in html and "Robin" not in html


def _token_in(html: str) -> str:
    found = re.search(r'"X-CSRFToken": "([a-zA-Z0-9]{64})"', html)
    assert found
    return found.group(1)


def test_a_kept_page_carries_a_fresh_token_of_the_readers_own_session_that_a_form_accepts(world):
    http = force_sign_in(HttpClient(enforce_csrf_checks=True), world.client.user)
    url = reverse("planning:my_safety_plan")
    first = _token_in(_visit(http, url)[0])
    html, drawn = _visit(http, url)
    token = _token_in(html)
    secret = http.cookies[settings.CSRF_COOKIE_NAME].value
    assert not drawn and token != first and _unmask_cipher_token(token) == secret
    add = reverse("planning:safety_plan_add_item", args=[world.client.public_id])
    assert http.post(add, {"section": "coping", "text": "Hum", "csrfmiddlewaretoken": token}).status_code == 302
    assert world.client.safety_plan.current_version().content["coping"] == ["Hum"]


def test_a_token_from_someone_elses_kept_page_is_refused(world):
    robin = force_sign_in(HttpClient(enforce_csrf_checks=True), world.client.user)
    url = reverse("planning:my_safety_plan")
    _visit(robin, url)
    token = _token_in(_visit(robin, url)[0])
    other = force_sign_in(HttpClient(enforce_csrf_checks=True), world.client.user)  # another device, its own secret
    _visit(other, url)
    add = reverse("planning:safety_plan_add_item", args=[world.client.public_id])
    assert other.post(add, {"section": "coping", "text": "Hum", "csrfmiddlewaretoken": token}).status_code == 403
    assert not hasattr(world.client, "safety_plan") or world.client.safety_plan.current_version() is None


def test_a_message_is_shown_once_and_never_kept(client_http, world):
    add = reverse("planning:safety_plan_add_item", args=[world.client.public_id])
    url = reverse("planning:my_safety_plan")
    _visit(client_http, url)
    response = client_http.post(add, {"section": "coping", "text": "Hum a tune"}, follow=True)
    assert "Added to your plan." in response.content.decode()
    html, _drawn = _visit(client_http, url)
    assert "Added to your plan." not in html and "Hum a tune" in html


def test_a_care_team_read_is_audited_on_every_visit_kept_or_drawn(clinician_http, world):
    url = _url(world, "planning:plan_detail", "plan")
    _visit(clinician_http, url)
    _visit(clinician_http, url)
    assert AuditEvent.objects.filter(action="plan.viewed", actor=world.clinician).count() == 2


def test_the_next_day_the_page_is_drawn_again(client_http):
    url = reverse("planning:client_home")
    _visit(client_http, url)
    assert not _visit(client_http, url)[1]  # control
    tomorrow = date.today() + timedelta(days=1)
    with mock.patch.object(kept_pages.timezone, "localdate", return_value=tomorrow):
        assert _visit(client_http, url)[1]


def test_a_new_release_draws_pages_again(client_http):
    url = reverse("planning:client_home")
    _visit(client_http, url)
    assert not _visit(client_http, url)[1]  # control
    with mock.patch.object(kept_pages, "release", return_value="next-release"):
        assert _visit(client_http, url)[1]


def test_with_the_cache_down_the_safety_plan_is_drawn_each_time(dead_services, client_http, world):
    url = reverse("planning:my_safety_plan")
    assert _visit(client_http, url)[1] and _visit(client_http, url)[1]


def test_an_htmx_request_is_never_kept(client_http):
    url = reverse("planning:my_safety_plan")
    for _ in range(2):
        assert client_http.get(url, HTTP_HX_REQUEST="true").templates != []


def test_the_stamp_compiled_once_reads_what_the_orm_query_reads(world, client_http, clinician_http):
    f.NotificationFactory(client=world.client)
    client_http.post(
        reverse("planning:safety_plan_add_item", args=[world.client.public_id]), {"section": "coping", "text": "Hum"}
    )
    for user in (world.client.user, world.other_client.user, world.clinician, world.readonly_clinician):
        expected = kept_pages.stamp_query(user, user.organization_id).get().values()
        assert list(kept_pages.stamp_of(user)) == list(expected)  # Python values on both sides, as the ORM gives
    assert kept_pages.stamp_of(world.client.user)[:3] != (0, 0, 0)  # control: a change and an unread update count


def test_the_stamps_unread_count_is_the_headers_count(world):
    """The stamp's count is written for speed, apart from Notification.for_recipient: they must agree."""
    robin, sasha = world.client, world.other_client
    for client in (robin, sasha):
        f.NotificationFactory(client=client, recipient=world.clinician, kind="comment_added")
    f.NotificationFactory(client=robin)
    f.NotificationFactory(client=robin, read_at=timezone.now())
    Client.objects.filter(pk=sasha.pk).update(is_active=False)  # a closed account's updates are not counted
    people = (robin.user, sasha.user, world.clinician, world.readonly_clinician, world.bystander_clinician)
    counts = [kept_pages.stamp_of(person).unread for person in people]
    assert counts == [Notification.objects.for_recipient(person).unread().count() for person in people]
    assert counts[0] == 1 and counts[2] >= 1  # control: there is something to count


def test_a_client_who_closes_their_account_never_gets_their_kept_pages_again(client_http, world):
    for name in ("planning:client_home", "planning:my_safety_plan"):
        _visit(client_http, reverse(name))
        assert not _visit(client_http, reverse(name))[1]  # control: kept
    client_http.post(reverse("planning:account_close"), {"confirm": "on"})
    world.client.user.refresh_from_db()
    assert not world.client.user.is_active
    for name in ("planning:client_home", "planning:my_safety_plan"):
        assert client_http.get(reverse(name)).status_code == 302  # to sign in


def _staff_edit_user(person: Any, **changes: str) -> Any:
    """Stepwise staff change a person's account in the Django admin: its form sent back as drawn, with `changes`."""
    http = force_sign_in(HttpClient(), f.UserFactory(is_staff=True, is_superuser=True, role="", organization=None))
    url = reverse("admin:planning_user_change", args=[person.pk])
    page = http.get(url).content.decode()
    data = dict(re.findall(r'<input type="(?:text|email|number)" name="([^"]+)" value="([^"]*)"', page))
    data |= {name: "on" for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]* checked', page)}
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        if chosen:
            data[name] = chosen.group(1)
    return http.post(url, data | changes)


def test_a_colleagues_name_staff_correct_in_the_django_admin_shows_at_once_on_a_kept_caseload(clinician_http, world):
    url = reverse("planning:caseload")
    assert "Ravi Read" in _visit(clinician_http, url)[0]  # the caseload's colleague filter names them
    assert not _visit(clinician_http, url)[1]  # control: kept
    assert _staff_edit_user(world.readonly_clinician, full_name="Ravi Reade").status_code == 302
    entry = AuditEvent.objects.get(action="account.updated_by_staff")
    assert entry.organization == world.clinic and entry.changed_fields == ["full_name"]
    html, drawn = _visit(clinician_http, url)
    assert drawn and "Ravi Reade" in html


def test_a_staff_save_that_changes_nothing_records_nothing_and_the_page_stays_kept(clinician_http, world):
    url = reverse("planning:caseload")
    _visit(clinician_http, url)
    assert _staff_edit_user(world.readonly_clinician).status_code == 302
    assert not AuditEvent.objects.filter(action="account.updated_by_staff").exists()
    assert not _visit(clinician_http, url)[1]


def test_a_colleague_staff_delete_in_the_django_admin_leaves_a_kept_caseload_at_once(clinician_http, world):
    newcomer = f.ClinicianFactory(organization=world.clinic, full_name="Nell Newcomer")  # never signed in
    f.CareTeamMemberFactory(client=world.client, clinician=newcomer)
    url = reverse("planning:caseload")
    assert "Nell Newcomer" in _visit(clinician_http, url)[0]
    assert not _visit(clinician_http, url)[1]  # control: kept
    staff = force_sign_in(HttpClient(), f.UserFactory(is_staff=True, is_superuser=True, role="", organization=None))
    assert staff.post(reverse("admin:planning_user_delete", args=[newcomer.pk]), {"post": "yes"}).status_code == 302
    assert AuditEvent.objects.get(action="account.deleted_by_staff").organization == world.clinic
    html, drawn = _visit(clinician_http, url)
    assert drawn and "Nell Newcomer" not in html


def _record_change(world: Any, client: Client) -> None:
    """A recorded change to one client's record, as a service makes it (here: their details edited)."""
    audit_record(actor=world.clinician, action="client.updated", target=client, changed_fields=["pronouns"])


def test_a_change_to_another_clients_record_leaves_this_clients_kept_pages_kept(client_http, clinician_http, world):
    pages = [
        (client_http, reverse("planning:client_home")),
        (client_http, reverse("planning:my_safety_plan")),
        (clinician_http, _url(world, "planning:plan_detail", "plan")),
        (clinician_http, reverse("planning:safety_plan", args=[world.client.public_id])),
    ]
    for http, url in pages:
        _visit(http, url)
    _record_change(world, world.other_client)  # Sasha's record
    assert [_visit(http, url)[1] for http, url in pages] == [False] * 4
    _record_change(world, world.client)  # control: Robin's own record draws every one of them again
    assert [_visit(http, url)[1] for http, url in pages] == [True] * 4


def test_a_clinic_wide_change_draws_a_clients_kept_pages_again(client_http, world):
    url = reverse("planning:client_home")
    _visit(client_http, url)
    assert not _visit(client_http, url)[1]  # control: kept
    audit_record(actor=world.org_admin, action="clinic.updated", organization=world.clinic, changed_fields=["phone"])
    assert _visit(client_http, url)[1]


def test_the_caseload_is_drawn_again_by_a_change_to_any_client(clinician_http, world):
    url = reverse("planning:caseload")
    _visit(clinician_http, url)
    _record_change(world, world.other_client)
    assert _visit(clinician_http, url)[1]


def test_each_scope_of_the_stamp_compiled_once_reads_what_the_orm_reads(world):
    _record_change(world, world.client)
    _record_change(world, world.other_client)
    audit_record(actor=world.org_admin, action="clinic.updated", organization=world.clinic, changed_fields=["phone"])
    _record_change(world, world.client)
    clinic = world.clinic.pk
    robin = world.client.user
    cases = [
        (robin, kept_pages.OWN),
        (world.other_client.user, kept_pages.OWN),
        (world.clinician, world.client.pk),
        (world.clinician, world.other_client.pk),
    ]
    for user, about in cases:
        expected = kept_pages.stamp_query(user, clinic, about).get()["newest_change"]
        assert kept_pages.stamp_of(user, about).newest_change == expected
        if about != kept_pages.OWN:
            assert kept_pages.newest_change_of(clinic, about) == kept_pages.changes_query(clinic, about).get()
    newest = AuditEvent.objects.changes().order_by("-id")
    # Robin's own newest is the last change of all; Sasha's stops at the clinic-wide one after hers.
    assert kept_pages.stamp_of(robin, kept_pages.OWN).newest_change == newest[0].pk
    assert kept_pages.stamp_of(world.other_client.user, kept_pages.OWN).newest_change == newest[1].pk


@pytest.mark.parametrize("persona", ["client", "clinician", "readonly_clinician"])
def test_a_record_read_with_its_stamp_carries_the_stamp_the_page_would_read(world, persona, django_assert_num_queries):
    from planning import access

    for recipient in (world.clinician, world.readonly_clinician):
        f.NotificationFactory(client=world.client, recipient=recipient, kind="comment_added")
    f.NotificationFactory(client=world.client)
    Item.objects.create(organization=world.clinic, kind=Kind.TOPIC, slug="tides", title="Tides", body="Tides.")
    _record_change(world, world.client)
    audit_record(actor=world.org_admin, action="clinic.updated", organization=world.clinic, changed_fields=["phone"])
    _record_change(world, world.other_client)  # another client's change: not this record's stamp
    plan = f.PlanFactory(client=world.client)
    user = world.user(persona)
    for helper, record in ((access.plan_for, plan), (access.client_for, world.client)):
        with django_assert_num_queries(1):
            found, _access = helper(user, record.public_id, with_stamp=True)
        stamp = kept_pages.stamp_read_with(found)
        assert stamp == kept_pages.stamp_of(user, world.client.pk), helper.__name__
        assert stamp.newest_change != 0 and stamp.unread == 1 and stamp.library_size  # control: something to carry
        assert kept_pages.stamp_read_with(helper(user, record.public_id)[0]) is None  # none unless asked for
    with pytest.raises(Http404):
        access.plan_for(world.bystander_clinician, plan.public_id, with_stamp=True)  # the stamp opens no door


@pytest.mark.django_db(transaction=True)  # as a request runs: not inside a test's transaction
@pytest.mark.parametrize("page", ["plan page", "safety plan (care team)"])
def test_a_kept_page_of_a_clients_record_is_one_query_with_its_stamp_and_its_reads_audit_row(
    world, as_, page, django_assert_num_queries
):
    who, name, how = PAGES[page]
    url = _url(world, name, how)
    as_[who].get(url)  # drawn and kept; the visit's first look
    reads = AuditEvent.objects.reads().count()
    # PostgreSQL appends the read from the access check's own query; SQLite reads the last hash and inserts after
    # the page, in a transaction (BEGIN and COMMIT count here, outside the test's own).
    statements = 1 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(statements):
        assert not _visit(as_[who], url)[1]  # served as kept
    assert AuditEvent.objects.reads().count() == reads + 1  # its read is written, once
    assert AuditEvent.objects.order_by("-id").first().actor == world.clinician
