"""Stale-save protection: one protocol for every record two people may edit at once.

A versioned record (plan, value, goal, step, practice, trigger, session note, safety plan) has a `version`
that goes up by one on every save. The protocol, in the order a save meets it:

1. The form carries the version it was based on (`version`) and that version's values
   (`base-<field>`) as hidden inputs (`VersionedForm`), the same way for a new record (version 0)
   and an edit.
2. The service locks the row and refuses a save based on an older version (`lock_current`,
   `save_if_current`), raising `StaleEdit` with the newer row. `based_on` is always required.
3. The view (`versioned_edit`) then merges field by field: what this person changed keeps what
   they typed; what they left alone takes the newer value. The page shows both versions (409),
   and saving again is a deliberate choice over the newer one.

django-concurrency was considered: it refuses a stale save but cannot merge, and it works by
overriding `save()`. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from django import forms
from django.db import models, transaction
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from .forms.base import KindModelForm
from .services.audit import audit_record

VERSION = "version"
_M = TypeVar("_M", bound=models.Model)
_T = TypeVar("_T")
_F = TypeVar("_F", bound="VersionedForm")


class StaleEdit(Exception):
    """Someone saved this record after the version an edit was based on. Carries the newer row."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current


# Forms


def as_text(value: Any) -> str:
    """Write a form value the way a browser would post it back."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value).replace("\r\n", "\n").strip()


class VersionedForm(forms.BaseForm):
    """A form that carries the version it was based on, and that version's values (as base-<field>).

    Subclasses say which version they show (`current_version`); fields in `keep_as_typed` are
    never merged (a list of ticks, say): a stale save keeps this person's choice for them.
    """

    keep_as_typed: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.current_version()
        self.fields[VERSION] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=0,
            initial=current,
            required=current > 0,  # a new record has nothing to be stale against
            error_messages={"required": "This page is missing a detail it needs. Please reload it and try again."},
        )

    def current_version(self) -> int:
        """Return the version of the record this form shows (0 for a new record)."""
        raise NotImplementedError

    @property
    def based_on(self) -> int:
        """The version this person started from (after validation)."""
        return int(self.cleaned_data.get(VERSION) or 0)

    def record_data(self) -> dict[str, Any]:
        """The cleaned values without the version, as keyword arguments for a service."""
        return {name: value for name, value in self.cleaned_data.items() if name != VERSION}

    def _mergeable(self) -> list[str]:
        return [name for name in self.fields if name != VERSION and name not in self.keep_as_typed]

    def initial_text(self, name: str) -> str:
        """The value this form starts from for one field, as a browser would post it."""
        return as_text(self[name].initial)

    def base_values(self) -> list[tuple[str, str]]:
        """Return (field, value) pairs of the version this form started from, for hidden inputs."""
        return [
            (
                name,
                self.data[f"base-{name}"] if self.is_bound and f"base-{name}" in self.data else self.initial_text(name),
            )
            for name in self._mergeable()
        ]

    def changed_by_this_person(self) -> set[str]:
        """Name the fields whose posted value differs from the posted base value."""
        mine = set(self.keep_as_typed)
        for name in self._mergeable():
            base = f"base-{name}"
            if base not in self.data or as_text(self.data.get(name)) != as_text(self.data[base]):
                mine.add(name)
        return mine

    def merged_onto(self, fresh: VersionedForm) -> QueryDict:
        """Merge this stale post onto a form showing the newer version: keep what this person changed."""
        mine = self.changed_by_this_person()
        data = self.data.copy()  # type: ignore[attr-defined]
        for name in fresh._mergeable():
            theirs = fresh.initial_text(name)
            if name not in mine:
                data[name] = theirs
            data[f"base-{name}"] = theirs
        data[VERSION] = str(fresh.current_version())
        return data  # type: ignore[no-any-return]

    def display(self, name: str, text: str) -> str:
        """Show a posted value as the person would read it (a choice's label, not its key)."""
        choices = dict(getattr(self.fields[name], "choices", ()) or ())
        return str(choices.get(text, text)) if choices else text

    def differences(self, fresh: VersionedForm) -> list[tuple[str, str, str]]:
        """List (label, the newer saved value, what this person typed) for each field that still differs."""
        rows = []
        for name in self._mergeable():
            theirs, yours = fresh.initial_text(name), as_text(self.data.get(name))
            if theirs != yours:
                label = str(self.fields[name].label or name)
                rows.append((label, self.display(name, theirs), self.display(name, yours)))
        return rows


class VersionedModelForm(VersionedForm, KindModelForm):  # type: ignore[misc]
    """A model form over a versioned record, with kind messages."""

    def current_version(self) -> int:
        return int(self.instance.version) if self.instance.pk else 0


# Services


def lock_current(record: _M, *, based_on: int) -> _M:
    """Lock the record's row for this transaction and return it; raise StaleEdit if it moved on since `based_on`."""
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if current.version != based_on:  # type: ignore[attr-defined]
        raise StaleEdit(current)
    return current


def save_if_current(*, actor: Any, record: _M, based_on: int, changes: Mapping[str, Any], action: str) -> _M:
    """Apply `changes` to the record unless someone saved it since `based_on`; audit the fields that changed."""
    with transaction.atomic():
        current = lock_current(record, based_on=based_on)
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, changes[name])
        stamp_and_save(current, actor=actor, fields=changed)
        audit_record(actor=actor, action=action, target=current, changed_fields=changed)
    return current


def stamp_and_save(record: models.Model, *, actor: Any, fields: list[str]) -> None:
    """Save the named fields as a new version, noting who saved it and when (where the model keeps that)."""
    record.version += 1  # type: ignore[attr-defined]
    stamps = [name for name in ("updated_at", "updated_by") if hasattr(record, name)]
    if "updated_at" in stamps:
        record.updated_at = timezone.now()  # type: ignore[attr-defined]
    if "updated_by" in stamps:
        record.updated_by = actor  # type: ignore[attr-defined]
    record.save(update_fields=[*dict.fromkeys(fields), VERSION, *stamps])


# Views


@dataclass
class Edit(Generic[_T]):
    """The outcome of a versioned edit: the form to show, what was saved, or the newer row it met."""

    form: VersionedForm
    saved: _T | None = None
    conflict: Any = None
    differences: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def status(self) -> int:
        """409 when the page shows a conflict, so scripts and tests can tell."""
        return 409 if self.conflict is not None else 200

    def context(self) -> dict[str, Any]:
        return {"form": self.form, "conflict": self.conflict, "differences": self.differences}


def versioned_edit(
    request: HttpRequest,
    *,
    current: Any,
    make_form: Callable[[Any, Any], _F],
    save: Callable[[_F], _T],
) -> Edit[_T]:
    """Bind the form to the posted data and save it; a stale save comes back merged onto the newer row.

    `make_form(data, record)` builds the form for a record (data is None for an unbound form);
    `save(form)` calls the service and may raise StaleEdit.
    """
    form = make_form(request.POST if request.method == "POST" else None, current)
    if request.method != "POST" or not form.is_valid():
        return Edit(form)
    try:
        return Edit(form, saved=save(form))
    except StaleEdit as stale:
        fresh = make_form(None, stale.current)
        merged = make_form(form.merged_onto(fresh), stale.current)
        merged.is_valid()
        return Edit(merged, conflict=stale.current, differences=merged.differences(fresh))
