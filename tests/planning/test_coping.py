"""Coping skills done step by step: ratings before and after, the client's own record, shared only by choice."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from content.guided import GUIDED_DIR, GUIDED_TOOLS, guided_exercise
from content.models import Item
from planning.models import AuditEvent, CopingRun, LibraryLink
from tests.factories import SafetyPlanVersionFactory
from tests.matrix import record_rows
from tests.test_shame_words import shame_words

WORDS = "a blue mug with a chip in it"


def _item(slug="grounding-5-4-3-2-1"):
    return Item.objects.get(slug=slug, organization=None)


def _url(item=None):
    return reverse("planning:coping_guided", args=[(item or _item()).public_id])


def _run(world, before=70, after=40, shared=False, item=None, client=None):
    item = item or _item()
    return CopingRun.objects.create(
        client=client or world.client, item=item, skill_title=item.title,
        distress_before=before, distress_after=after, shared_with_care_team=shared,
    )  # fmt: skip


def _runs_url(world):
    return reverse("planning:coping_run_list", args=[world.client.public_id])


def _share_url(run):
    return reverse("planning:coping_run_share", args=[run.public_id])


# The guided page


@pytest.mark.parametrize(
    "slug",
    ["grounding-5-4-3-2-1", "progressive-muscle-relaxation", "self-compassion-break", "opposite-action"],
)
def test_each_guided_skill_shows_its_steps_one_to_a_section(client_http, world, slug):
    exercise = guided_exercise(_item(slug).tool)
    body = client_http.get(_url(_item(slug))).content.decode()
    assert body.count("data-guided-step") == len(exercise.steps)
    assert exercise.steps[0].title in body


def test_grounding_asks_one_sense_at_a_time_with_words_optional(client_http, world):
    body = client_http.get(_url()).content.decode()
    assert "Step 1 of 5: 5 things you can see" in body and "(if you like; not saved)" in body


def test_tense_and_release_times_each_muscle_group(client_http, world):
    body = client_http.get(_url(_item("progressive-muscle-relaxation"))).content.decode()
    assert body.count('data-tense="5" data-release="10"') == 7


def test_a_skill_with_no_guided_steps_is_not_found(client_http, world):
    assert client_http.get(_url(_item("paced-breathing"))).status_code == 404


def test_the_guided_page_uses_only_static_script(client_http, world):
    body = client_http.get(_url()).content.decode()
    assert "js/guided.js" in body and "<script>" not in body and "style=" not in body


# Recording a run


def test_a_run_keeps_the_distress_before_and_after(client_http, world):
    client_http.post(_url(), {"distress_before": 70, "distress_after": 40})
    run = CopingRun.objects.get(client=world.client)
    assert (run.distress_before, run.distress_after, run.shared_with_care_team) == (70, 40, False)


def test_a_run_without_ratings_is_kept_too(client_http, world):
    assert client_http.post(_url(), {}).status_code == 302
    assert CopingRun.objects.get(client=world.client).distress_before is None


def test_after_saving_the_client_sees_how_far_it_came_down(client_http, world):
    response = client_http.post(_url(), {"distress_before": 70, "distress_after": 40}, follow=True)
    assert "You went from 70 to 40. Only you can see it." in response.content.decode()


def test_what_the_client_typed_in_the_steps_is_stored_nowhere(client_http, world):
    client_http.post(_url(), {"distress_before": 70, "distress_after": 40, "note_1": WORDS})
    assert CopingRun.objects.filter(client=world.client).exists()
    assert not [row for row in record_rows() if WORDS in row[1]]


def test_distress_out_of_range_gets_a_kind_message_and_keeps_what_was_typed(client_http, world):
    response = client_http.post(_url(), {"distress_before": 150, "distress_after": 40, "note_1": WORDS})
    body = response.content.decode()
    assert response.status_code == 200 and "Please give a number from 0 to 100 (100 is the highest)." in body
    assert WORDS in body and "Everything you typed is still here." in body
    assert not CopingRun.objects.exists()


def test_a_rating_that_is_not_a_number_gets_a_kind_message(client_http, world):
    body = client_http.post(_url(), {"distress_after": "lots"}).content.decode()
    assert "Please give a whole number from 0 to 100." in body and not CopingRun.objects.exists()


def test_a_run_is_saved_with_redis_and_the_broker_down(client_http, world, dead_services):
    assert client_http.post(_url(), {"distress_before": 60, "distress_after": 30}).status_code == 302
    assert CopingRun.objects.filter(client=world.client).count() == 1


def test_a_run_kept_private_leaves_no_trace_on_the_clients_trail(client_http, world):
    client_http.post(_url(), {"distress_before": 70, "distress_after": 40})
    event = AuditEvent.objects.get(action="coping_run.recorded")
    assert event.client is None and event.is_private_record


def test_a_shared_run_is_on_the_clients_trail(client_http, world):
    client_http.post(_url(), {"distress_before": 70, "distress_after": 40, "shared_with_care_team": "on"})
    assert AuditEvent.objects.get(action="coping_run.recorded").client == world.client


# "This has helped you before"


def test_two_runs_that_brought_distress_down_show_it_has_helped(client_http, world):
    _run(world, 70, 40)
    _run(world, 60, 50)
    body = client_http.get(_url()).content.decode()
    assert "This has helped you before." in body and "came down by 20 points" in body


def test_one_run_is_not_enough_to_say_it_has_helped(client_http, world):
    _run(world, 80, 20)
    assert "This has helped you before." not in client_http.get(_url()).content.decode()


def test_runs_that_barely_moved_do_not_say_it_has_helped(client_http, world):
    _run(world, 50, 45)
    _run(world, 50, 45)
    assert "This has helped you before." not in client_http.get(_url()).content.decode()


def test_runs_of_another_skill_or_another_client_do_not_count(client_http, world):
    _run(world, 80, 20, item=_item("opposite-action"))
    _run(world, 80, 20, item=_item("opposite-action"))
    _run(world, 80, 20, client=world.other_client)
    _run(world, 80, 20, client=world.other_client)
    assert "This has helped you before." not in client_http.get(_url()).content.decode()


def test_the_threshold_is_a_setting(client_http, world, settings):
    settings.COPING_HELPED_MIN_RUNS = 3
    _run(world, 70, 40)
    _run(world, 60, 50)
    assert "This has helped you before." not in client_http.get(_url()).content.decode()


# Sharing with the care team


def test_the_care_team_sees_only_the_runs_the_client_shared(clinician_http, world):
    _run(world, 70, 40, shared=True)
    _run(world, 90, 10, shared=False)
    body = clinician_http.get(_runs_url(world)).content.decode()
    assert "from 70 to 40" in body and "from 90 to 10" not in body


def test_the_client_sees_all_their_runs(client_http, world):
    _run(world, 70, 40, shared=True)
    _run(world, 90, 10, shared=False)
    body = client_http.get(_runs_url(world)).content.decode()
    assert "from 70 to 40" in body and "from 90 to 10" in body


def test_the_care_teams_view_is_read_only(clinician_http, world):
    run = _run(world, shared=True)
    assert _share_url(run) not in clinician_http.get(_runs_url(world)).content.decode()


def test_the_client_can_change_sharing_from_their_list(client_http, world):
    run = _run(world, shared=True)
    assert _share_url(run) in client_http.get(_runs_url(world)).content.decode()


def test_the_client_shares_a_run(client_http, world):
    run = _run(world)
    client_http.post(_share_url(run), {"shared": "on"})
    run.refresh_from_db()
    assert run.shared_with_care_team


def test_the_client_takes_a_shared_run_back(client_http, world):
    run = _run(world, shared=True)
    client_http.post(_share_url(run), {})
    run.refresh_from_db()
    assert not run.shared_with_care_team


def test_the_care_team_cannot_unshare_a_run_the_client_shared(clinician_http, world):
    run = _run(world, shared=True)
    assert clinician_http.post(_share_url(run), {}).status_code == 403
    run.refresh_from_db()
    assert run.shared_with_care_team


def test_a_run_kept_private_does_not_exist_for_the_care_team(clinician_http, world):
    run = _run(world, shared=False)
    assert clinician_http.post(_share_url(run), {"shared": "on"}).status_code == 404
    run.refresh_from_db()
    assert not run.shared_with_care_team


def test_another_client_cannot_share_someone_elses_run(as_persona, world):
    run = _run(world)
    assert as_persona("other_client").post(_share_url(run), {"shared": "on"}).status_code == 404
    run.refresh_from_db()
    assert not run.shared_with_care_team


# Reaching the guided page


def test_a_pinned_guided_skill_opens_step_by_step_from_the_support_screen(client_http, world):
    version = SafetyPlanVersionFactory(plan__client=world.client)
    LibraryLink.objects.create(safety_plan=version.plan, item=_item())
    assert f'href="{_url()}"' in client_http.get(reverse("planning:support_now")).content.decode()


def test_the_library_page_offers_the_client_to_do_it_step_by_step(client_http, world):
    body = client_http.get(reverse("content:item", args=[_item().public_id])).content.decode()
    assert f'href="{_url()}"' in body


def test_the_library_page_offers_clinicians_no_guided_run(clinician_http, world):
    body = clinician_http.get(reverse("content:item", args=[_item().public_id])).content.decode()
    assert _url() not in body


# The steps are data, written in plain words


@pytest.mark.parametrize("tool", sorted(GUIDED_TOOLS))
def test_the_guided_steps_carry_no_shame_words(tool):
    assert not shame_words((GUIDED_DIR / f"{tool}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("tool", sorted(GUIDED_TOOLS))
def test_every_guided_tool_is_used_by_a_library_skill(db, tool):
    assert Item.objects.filter(tool=tool, organization=None).exists()
    assert json.loads((GUIDED_DIR / f"{tool}.json").read_text(encoding="utf-8"))["tool"] == tool
