"""The safety plan page: reading, co-editing with versions, stale saves, review and crisis lines."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from config.celery import app
from planning.models import AuditEvent, CrisisLine, SafetyPlanVersion
from planning.services.crisis_lines import crisis_lines_for, crisis_lines_seed
from planning.services.safety_plan import safety_plan_mark_reviewed, safety_plan_save
from tests.factories import ClientFactory, OrganizationFactory, SafetyPlanVersionFactory
from tests.matrix import AUDITED_READ_QUERIES


def _url(name, w, **kwargs):
    return reverse(f"planning:{name}", kwargs=kwargs or {"client_id": w.client.public_id})


def _save(w, actor, base, **sections):
    return safety_plan_save(actor=actor, client=w.client, content=sections, based_on=base)


def _post(http, w, base, **fields):
    return http.post(_url("safety_plan_edit", w), {"version": str(base), **fields})


def test_every_client_page_header_links_to_my_safety_plan(client_http):
    response = client_http.get(reverse("planning:client_home"))
    assert reverse("planning:my_safety_plan") in response.content.decode()


def test_my_safety_plan_shows_the_clients_own_items(client_http, world):
    SafetyPlanVersionFactory(plan__client=world.client)
    response = client_http.get(reverse("planning:my_safety_plan"))
    assert "Slow breathing for two minutes" in response.content.decode()


def test_the_plan_page_title_stays_neutral(client_http, world):
    response = client_http.get(reverse("planning:my_safety_plan"))
    assert "<title>Stepwise</title>" in response.content.decode()


def test_the_plan_shows_the_clinics_crisis_lines_with_tel_links(client_http, world):
    response = client_http.get(reverse("planning:my_safety_plan"))
    assert 'href="tel:988"' in response.content.decode()


def test_contacts_get_a_tel_link(client_http, world):
    SafetyPlanVersionFactory(plan__client=world.client)
    response = client_http.get(reverse("planning:my_safety_plan"))
    assert 'href="tel:5550101"' in response.content.decode()


def test_a_save_makes_a_numbered_version_with_its_author(client_http, world):
    _post(client_http, world, 0, coping="Slow breathing")
    version = SafetyPlanVersion.objects.get(plan__client=world.client)
    assert (version.number, version.author, version.content["coping"]) == (1, world.client.user, ["Slow breathing"])


def test_each_save_adds_a_version_rather_than_overwriting(clinician_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    _post(clinician_http, world, 1, coping="Walk\nCall Jo")
    assert list(world.client.safety_plan.versions.values_list("number", flat=True)) == [2, 1]


def test_a_stale_save_does_not_overwrite_the_newer_version(clinician_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    _save(world, world.client.user, 1, coping=["Walk", "Bath"])
    _post(clinician_http, world, 1, coping="Stretch")
    assert world.client.safety_plan.current_version().content["coping"] == ["Walk", "Bath"]


def test_a_stale_save_shows_the_newer_version_and_keeps_what_was_typed(clinician_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    _save(world, world.client.user, 1, coping=["Bath with the radio on"])
    response = _post(clinician_http, world, 1, coping="Stretch by the window")
    body = response.content.decode()
    assert response.status_code == 409
    assert "Bath with the radio on" in body and "Stretch by the window" in body


def test_saving_again_after_a_conflict_makes_a_new_version(clinician_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    _save(world, world.client.user, 1, coping=["Bath"])
    response = _post(clinician_http, world, 1, coping="Stretch")
    _post(clinician_http, world, response.context["form"]["version"].value(), coping="Stretch\nBath")
    assert world.client.safety_plan.current_version().content["coping"] == ["Stretch", "Bath"]


def test_a_phone_number_with_letters_gets_a_clear_message(client_http, world):
    response = _post(client_http, world, 0, help_contacts_0_name="Jo", help_contacts_0_phone="555-CALL-JO")
    assert "Letters can&#x27;t be dialled" in response.content.decode()


def test_a_rejected_form_keeps_what_was_typed(client_http, world):
    response = _post(client_http, world, 0, coping="Hum a song", help_contacts_0_name="Jo", help_contacts_0_phone="abc")
    assert "Hum a song" in response.content.decode()


def test_a_phone_number_without_a_name_asks_for_one(client_http, world):
    response = _post(client_http, world, 0, help_contacts_0_phone="555 0101")
    assert "Add a name" in response.content.decode()


def test_an_over_long_item_is_refused_kindly(client_http, world):
    response = _post(client_http, world, 0, coping="x" * 301)
    assert "longer than 300 characters" in response.content.decode()


def test_too_many_lines_are_refused_kindly(client_http, world):
    response = _post(client_http, world, 0, coping="\n".join(f"Idea {n}" for n in range(13)))
    assert "12 lines or fewer" in response.content.decode()


def test_script_in_an_item_is_escaped_on_the_page(client_http, world):
    _save(world, world.client.user, 0, coping=["<script>alert(1)</script>"])
    body = client_http.get(reverse("planning:my_safety_plan")).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_read_only_clinician_cannot_save(readonly_http, world):
    response = _post(readonly_http, world, 0, coping="Walk")
    assert response.status_code == 403 and not SafetyPlanVersion.objects.exists()


def test_the_audit_entry_names_the_changed_sections_without_their_words(client_http, world):
    _post(client_http, world, 0, coping="A secret word")
    event = AuditEvent.objects.get(action="safety_plan.saved")
    assert event.changed_fields == ["coping"] and "secret" not in str(event.__dict__)


def test_restoring_makes_a_new_version_with_the_old_words(client_http, world):
    first = _save(world, world.client.user, 0, coping=["Walk"])
    _save(world, world.client.user, 1, coping=["Bath"])
    client_http.post(_url("safety_plan_version_restore", world, version_id=first.public_id))
    current = world.client.safety_plan.current_version()
    assert (current.number, current.content["coping"], current.restored_from) == (3, ["Walk"], 1)


def test_restoring_a_version_of_another_clients_plan_is_not_found(client_http, world):
    other = SafetyPlanVersionFactory(plan__client=world.other_client)
    SafetyPlanVersionFactory(plan__client=world.client)
    response = client_http.post(_url("safety_plan_version_restore", world, version_id=other.public_id))
    assert response.status_code == 404


def test_comparing_shows_what_changed_since(client_http, world):
    first = _save(world, world.client.user, 0, coping=["Walk", "Bath"])
    _save(world, world.client.user, 1, coping=["Walk", "Sing loudly"])
    response = client_http.get(_url("safety_plan_version", world, version_id=first.public_id))
    coping = next(row for row in response.context["comparison"] if row["spec"].key == "coping")
    assert (coping["only_old"], coping["only_new"]) == (["Bath"], ["Sing loudly"])


def test_the_version_list_shows_each_author(clinician_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    _save(world, world.clinician, 1, coping=["Walk", "Bath"])
    body = clinician_http.get(_url("safety_plan_versions", world)).content.decode()
    assert str(world.client.user) in body and "<td>You</td>" in body


def test_a_clinician_can_mark_the_plan_reviewed_and_the_date_shows(clinician_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    clinician_http.post(_url("safety_plan_review", world))
    body = clinician_http.get(_url("safety_plan", world)).content.decode()
    assert "Looked over together with Dr Ada Treat on" in body


def test_the_review_note_says_when_the_plan_changed_since(client_http, world):
    _save(world, world.client.user, 0, coping=["Walk"])
    world.client.refresh_from_db()
    safety_plan_mark_reviewed(actor=world.clinician, plan=world.client.safety_plan)
    _save(world, world.client.user, 1, coping=["Walk", "Bath"])
    assert "it has changed since" in client_http.get(reverse("planning:my_safety_plan")).content.decode()


def test_the_dead_services_fixture_really_breaks_the_cache_and_the_broker(dead_services, db):
    with pytest.raises(RedisConnectionError):
        caches["default"].set("probe", 1)
    with pytest.raises(OperationalError), app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)


@pytest.mark.parametrize(
    "name", ["safety_plan", "safety_plan_pdf", "safety_plan_card_pdf", "safety_plan_edit", "safety_plan_versions"]
)
def test_the_plan_and_its_pdfs_load_with_redis_and_celery_down(dead_services, client_http, world, name):
    SafetyPlanVersionFactory(plan__client=world.client)
    assert client_http.get(_url(name, world)).status_code == 200


def test_my_safety_plan_loads_with_redis_and_celery_down(dead_services, client_http, world):
    assert client_http.get(reverse("planning:my_safety_plan")).status_code == 200


def test_the_plan_saves_with_redis_and_celery_down(dead_services, client_http, world):
    assert _post(client_http, world, 0, coping="Walk").status_code == 302


def test_a_new_clinic_shows_the_default_crisis_lines_before_setting_its_own(db):
    lines = crisis_lines_for(OrganizationFactory())
    assert {"988", "741741", "9-8-8", "116 123", "85258", "911", "999"} <= {line.number for line in lines}


def test_seeding_gives_a_clinic_its_own_editable_crisis_lines_once(db):
    clinic = OrganizationFactory()
    crisis_lines_seed(organization=clinic)
    crisis_lines_seed(organization=clinic)
    assert CrisisLine.objects.filter(organization=clinic).count() == 11


def test_a_clinics_own_crisis_lines_replace_the_defaults_on_its_plans(client_http, world):
    CrisisLine.objects.create(
        organization=world.clinic, country="Ireland", name="Pieta", number="1800 247 247", last_checked="2026-10-01"
    )
    body = client_http.get(reverse("planning:my_safety_plan")).content.decode()
    assert "Pieta" in body and "Samaritans" not in body


def test_crisis_lines_never_cross_clinics(world):
    ClientFactory(organization=world.other_clinic)
    CrisisLine.objects.create(
        organization=world.other_clinic,
        country="Ireland",
        name="Pieta",
        number="1800 247 247",
        last_checked="2026-10-01",
    )
    assert "Pieta" not in {line.name for line in crisis_lines_for(world.clinic)}


def test_the_plan_page_links_a_print_stylesheet(client_http, world):
    assert 'css/print.css" media="print"' in client_http.get(reverse("planning:my_safety_plan")).content.decode()


def test_text_lines_open_the_messages_app_with_the_keyword_typed_in(client_http, world):
    body = client_http.get(reverse("planning:my_safety_plan")).content.decode()
    assert 'href="sms:741741?&amp;body=HOME"' in body and 'href="sms:85258?&amp;body=SHOUT"' in body


def test_a_text_line_without_a_keyword_opens_an_empty_message(db):
    line = CrisisLine(channel=CrisisLine.Channel.TEXT, number="9-8-8", instructions="")
    assert line.tel_href() == "sms:988"


def test_chat_lines_are_links_to_their_web_address(client_http, world):
    assert 'href="https://988lifeline.org"' in client_http.get(reverse("planning:my_safety_plan")).content.decode()


@pytest.mark.parametrize("address", ["javascript:alert(1)", "http://plain.example", "not a web address"])
def test_a_chat_line_only_links_to_a_plain_https_address(address):
    assert CrisisLine(channel=CrisisLine.Channel.CHAT, number=address).tel_href() == ""


def test_the_plan_page_runs_a_bounded_number_of_queries(clinician_http, world, django_assert_max_num_queries):
    for number in range(20):
        _save(world, world.client.user, number, coping=[f"Idea {number}"])
    with django_assert_max_num_queries(14 + AUDITED_READ_QUERIES):  # the care team's read is audited
        clinician_http.get(_url("safety_plan", world))


def test_the_version_list_runs_a_bounded_number_of_queries(clinician_http, world, django_assert_max_num_queries):
    for number in range(20):
        _save(world, world.client.user if number % 2 else world.clinician, number, coping=[f"Idea {number}"])
    with django_assert_max_num_queries(14):
        clinician_http.get(_url("safety_plan_versions", world))


def test_comparing_contacts_reads_naturally(client_http, world):
    first = _save(world, world.client.user, 0, help_contacts=[{"name": "Jo", "relationship": "", "phone": "555"}])
    _save(world, world.client.user, 1, help_contacts=[])
    response = client_http.get(_url("safety_plan_version", world, version_id=first.public_id))
    row = next(row for row in response.context["comparison"] if row["spec"].key == "help_contacts")
    assert row["only_old"] == ["Jo · 555"]


def test_an_over_long_contact_name_gets_a_kind_message(client_http, world):
    response = _post(client_http, world, 0, help_contacts_0_name="J" * 90)
    assert "the limit is 80" in response.content.decode()
