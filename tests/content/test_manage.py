"""An organisation admin adds library items that only their clinic sees."""

from __future__ import annotations

from django.urls import reverse

from content.models import Item, Kind

ADD = reverse("content:item_add")


def _data(**overrides) -> dict:
    return {
        "kind": "topic",
        "title": "Parking near us",
        "summary": "Where to park.",
        "body": "Round the back.",
        "audience": "everyone",
        **overrides,
    }


def test_an_admin_adds_an_item_for_their_own_clinic(admin_http, world):
    admin_http.post(ADD, _data())
    assert Item.objects.get(title="Parking near us").organization == world.clinic


def test_a_client_of_the_clinic_can_read_the_new_item(admin_http, client_http):
    admin_http.post(ADD, _data())
    item = Item.objects.get(title="Parking near us")
    assert client_http.get(reverse("content:item", args=[item.public_id])).status_code == 200


def test_raw_html_and_script_in_a_body_never_reach_the_page(admin_http, client_http):
    admin_http.post(ADD, _data(body="Hi <script>alert(1)</script> [x](javascript:alert(2))"))
    item = Item.objects.get(title="Parking near us")
    page = client_http.get(reverse("content:item", args=[item.public_id])).text
    assert "alert(" not in page


def test_an_over_long_body_gets_a_clear_message_and_keeps_the_text(admin_http):
    response = admin_http.post(ADD, _data(body="word " * 5000))
    assert response.status_code == 200
    assert "please keep it under 20000 characters" in response.text
    assert "Parking near us" in response.text


def test_a_step_idea_without_a_setting_or_range_is_refused_kindly(admin_http):
    response = admin_http.post(ADD, _data(kind=Kind.STEP_TEMPLATE))
    assert "A step idea needs a setting" in response.text
    assert not Item.objects.filter(title="Parking near us").exists()


def test_a_backwards_distress_range_is_refused(admin_http):
    response = admin_http.post(ADD, _data(kind=Kind.STEP_TEMPLATE, setting="online", distress_low=60, distress_high=20))
    assert "at least as high as the lower end" in response.text


def test_two_items_with_the_same_title_get_different_links(admin_http):
    admin_http.post(ADD, _data())
    admin_http.post(ADD, _data())
    assert sorted(Item.objects.filter(title="Parking near us").values_list("slug", flat=True)) == [
        "parking-near-us",
        "parking-near-us-2",
    ]


def test_an_admin_edits_their_own_item(admin_http, world):
    item = Item.objects.create(organization=world.clinic, kind="topic", slug="x", title="Old", summary="S", body="B")
    admin_http.post(reverse("content:item_edit", args=[item.public_id]), _data(title="New title"))
    item.refresh_from_db()
    assert item.title == "New title"


def test_an_admin_cannot_edit_the_shared_library_in_the_app(admin_http, library_item):
    item = library_item("paced-breathing")
    response = admin_http.post(reverse("content:item_edit", args=[item.public_id]), _data())
    assert response.status_code == 404
