"""Permission-matrix rows for comments beside the client's own words (a practice, a shared journal entry)."""

from __future__ import annotations

from typing import Any

from planning.models import Comment
from tests.factories import JournalEntryFactory, PracticeFactory, StepFactory
from tests.matrix import FORBIDDEN, OK, REDIRECT, Route, only


def _practice(w: Any) -> dict[str, Any]:
    if not hasattr(w, "commented_practice"):
        w.commented_practice = PracticeFactory(step=StepFactory(goal__plan__client=w.client))
    return {"practice_id": w.commented_practice.public_id}


def _shared_entry(w: Any) -> dict[str, Any]:
    return {"entry_id": JournalEntryFactory(client=w.client, shared_with_care_team=True).public_id}


def _private_entry(w: Any) -> dict[str, Any]:
    return {"entry_id": JournalEntryFactory(client=w.client, shared_with_care_team=False).public_id}


def _comment(w: Any) -> dict[str, Any]:
    """A comment the read-write clinician wrote beside the client's practice (made once per test)."""
    if not hasattr(w, "comment"):
        _practice(w)
        w.comment = Comment.objects.create(
            client=w.client, practice=w.commented_practice, text="Well noticed", author=w.clinician
        )
    return {"comment_id": w.comment.public_id}


def _comment_data(w: Any) -> dict[str, Any]:
    _comment(w)
    return {"text": "Well noticed, and brave", "version": w.comment.version}


def _comment_writer(ok: int) -> dict[str, int]:
    """Only the read-write care team writes a comment: the client and read-only get 403, everyone else 404."""
    return only({"clinician": ok, "client": FORBIDDEN, "readonly_clinician": FORBIDDEN})


NEW = lambda w: {"text": "That took courage", "version": 0}  # noqa: E731

ROUTES = [
    Route("planning:practice_comment_add", _comment_writer(OK), kwargs=_practice),
    Route(
        "planning:practice_comment_add",
        _comment_writer(REDIRECT),
        kwargs=_practice,
        method="post",
        data=NEW,
        writes=True,
    ),
    Route("planning:journal_comment_add", _comment_writer(OK), kwargs=_shared_entry),
    Route(
        "planning:journal_comment_add",
        _comment_writer(REDIRECT),
        kwargs=_shared_entry,
        method="post",
        data=NEW,
        writes=True,
    ),
    # A private entry does not exist for the care team; the client never comments on their own words.
    Route("planning:journal_comment_add", only({"client": FORBIDDEN}), kwargs=_private_entry),
    # Only the comment's author changes it: the client and the rest of the care team read it (403 on writing).
    Route("planning:comment_edit", _comment_writer(OK), kwargs=_comment),
    Route(
        "planning:comment_edit",
        _comment_writer(REDIRECT),
        kwargs=_comment,
        method="post",
        data=_comment_data,
        writes=True,
    ),
]
