"""Permission-matrix rows for the library.

Anyone signed in reads the shared library. A clinician-only item is a 404 for clients. A clinic's
own items are visible only inside that clinic, and only its organisation admin manages them.
"""

from __future__ import annotations

from content.models import Audience, Item, Kind
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, PERSONAS, REDIRECT, Route, only

SIGNED_IN_OK = only(dict.fromkeys(PERSONAS[1:], OK))


def _shared_item(w):
    return {"item_id": Item.objects.get(slug="paced-breathing", organization=None).public_id}


def _clinician_item(w):
    item, _ = Item.objects.get_or_create(
        organization=None,
        slug="matrix-clinician-note",
        defaults={
            "kind": Kind.TOPIC,
            "title": "For clinicians",
            "summary": "A note.",
            "body": "Text.",
            "audience": Audience.CLINICIANS,
        },
    )
    return {"item_id": item.public_id}


def _clinic_item(w):
    item, _ = Item.objects.get_or_create(
        organization=w.clinic,
        slug="matrix-clinic-item",
        defaults={"kind": Kind.TOPIC, "title": "Our drop-in hours", "summary": "When we are open.", "body": "Text."},
    )
    return {"item_id": item.public_id}


def _other_clinic_item(w):
    item, _ = Item.objects.get_or_create(
        organization=w.other_clinic,
        slug="matrix-other-item",
        defaults={"kind": Kind.TOPIC, "title": "Their hours", "summary": "Elsewhere.", "body": "Text."},
    )
    return {"item_id": item.public_id}


def _valid_item(w):
    return {
        "kind": "topic",
        "title": "Parking near us",
        "summary": "Where to park.",
        "body": "Round the back.",
        "audience": "everyone",
    }


IN_CLINIC_OK = only({p: OK for p in PERSONAS[1:] if p != "outside_clinician"})
ADMIN_ONLY = only({"org_admin": OK}, others=FORBIDDEN)
ADMIN_WRITES = only({"org_admin": REDIRECT}, others=FORBIDDEN)
ADMIN_OWN_ITEM = only({"org_admin": OK}, others=FORBIDDEN)

ROUTES = [
    Route("content:index", SIGNED_IN_OK),
    Route("content:index", SIGNED_IN_OK, query="?q=breathing&kind=technique&audience=everyone"),
    Route("content:glossary", SIGNED_IN_OK),
    Route("content:item", SIGNED_IN_OK, kwargs=_shared_item),
    Route("content:item", only({p: OK for p in PERSONAS[1:] if "client" not in p}), kwargs=_clinician_item),
    Route("content:item", IN_CLINIC_OK, kwargs=_clinic_item),
    Route("content:item", only({"outside_clinician": OK}), kwargs=_other_clinic_item),
    Route("content:manage", ADMIN_ONLY),
    Route("content:item_add", ADMIN_ONLY),
    Route("content:item_add", ADMIN_WRITES, method="post", data=_valid_item, writes=True),
    Route("content:item_edit", ADMIN_OWN_ITEM, kwargs=_clinic_item),
    Route(
        "content:item_edit",
        ADMIN_WRITES,
        kwargs=_clinic_item,
        method="post",
        data=_valid_item,
        writes=True,
    ),
    Route("content:item_edit", {**ADMIN_ONLY, "org_admin": NOT_FOUND}, kwargs=_other_clinic_item),
    Route("content:item_edit", {**ADMIN_ONLY, "org_admin": NOT_FOUND}, kwargs=_shared_item),
    Route("content:item_remove", ADMIN_WRITES, kwargs=_clinic_item, method="post", writes=True),
    Route(
        "content:item_remove",
        {**ADMIN_WRITES, "org_admin": NOT_FOUND},
        kwargs=_other_clinic_item,
        method="post",
        writes=True,
    ),
]


# An ally has one page and no library: every library page refuses them by role.
for _route in ROUTES:
    _route.expect.update({"ally": FORBIDDEN, "other_ally": FORBIDDEN})
