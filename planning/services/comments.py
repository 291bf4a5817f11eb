"""Writes for comments beside the client's own words: add (audited, the client told) and change (versioned)."""

from __future__ import annotations

from django.db import transaction

from ..models import Comment, JournalEntry, Practice, User
from ..versioning import save_if_current
from .audit import audit_record
from .notifications import notify_comment_added


def comment_create(
    *, actor: User, text: str, practice: Practice | None = None, journal_entry: JournalEntry | None = None
) -> Comment:
    """Write a comment beside a practice or a shared journal entry; the client's own words stay as they are."""
    beside = practice or journal_entry
    if beside is None or (practice is not None and journal_entry is not None):
        raise ValueError("A comment sits beside exactly one record.")
    with transaction.atomic():
        comment = Comment.objects.create(
            client=beside.client,
            practice=practice,
            journal_entry=journal_entry,
            text=text,
            author=actor,
            updated_by=actor,
        )
        audit_record(actor=actor, action="comment.created", target=comment)
        notify_comment_added(comment=comment)
    return comment


def comment_update(*, actor: User, comment: Comment, based_on: int, text: str) -> Comment:
    """Change a comment's words unless someone saved it since `based_on` (only its author reaches here)."""
    return save_if_current(
        actor=actor, record=comment, based_on=based_on, changes={"text": text}, action="comment.updated"
    )
