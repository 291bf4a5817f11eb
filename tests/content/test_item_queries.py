"""Library QuerySet rules: which items a clinic may link into its clients' records."""

from __future__ import annotations

import pytest

from content.models import Audience, Item, Kind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _item(slug: str, **fields) -> Item:
    return Item.objects.create(kind=Kind.TECHNIQUE, slug=slug, title=slug, summary="S", body="B", **fields)


def test_a_clinic_may_link_the_shared_library_and_its_own_items():
    clinic = OrganizationFactory()
    ours = _item("ours", organization=clinic)
    linkable = Item.objects.linkable_for(clinic.pk)
    assert linkable.filter(pk=ours.pk).exists()
    assert linkable.filter(organization=None).exists()


def test_a_clinic_may_not_link_another_clinics_items():
    theirs = _item("theirs", organization=OrganizationFactory())
    assert not Item.objects.linkable_for(OrganizationFactory().pk).filter(pk=theirs.pk).exists()


def test_a_clinic_may_not_link_clinician_only_items_for_clients():
    clinic = OrganizationFactory()
    _item("briefing", organization=clinic, audience=Audience.CLINICIANS)
    _item("shared-briefing", audience=Audience.CLINICIANS)
    assert not Item.objects.linkable_for(clinic.pk).filter(audience=Audience.CLINICIANS).exists()


def test_only_coping_skills_and_conversation_ideas_are_attachable():
    assert set(Item.objects.attachable().values_list("kind", flat=True)) == {Kind.TECHNIQUE, Kind.SCRIPT}
