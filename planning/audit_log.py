"""How the organisation admin reads the audit trail: one plain sentence per event, and the same lines as CSV.

An event stores an action code ("safety_plan.saved"), a record kind and field names, never the words
that changed. This module turns those into "Sam's safety plan was saved by Sam". A new action reads
sensibly without an entry here (its record kind and verb come from the code); add one to RECORDS,
VERBS or SENTENCES when the default words are not plain enough.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.utils import timezone

from .models import AuditEvent, Client, User
from .models.audit import READ_SUFFIX


@dataclass(frozen=True)
class Record:
    """What kind of thing an action changed, in the clinic's words."""

    noun: str
    plural: bool = False
    clinic: bool = False  # a setting of the clinic, not part of a client's record


RECORDS: dict[str, Record] = {
    "plan": Record("re-entry plan"),
    "rest_week": Record("rest week"),
    "value": Record("values", plural=True),
    "goal": Record("goal"),
    "step": Record("step"),
    "ladder": Record("step ladder"),
    "practice": Record("practice"),
    "comment": Record("comment"),
    "setback_review": Record("look back at a hard practice"),
    "safety_plan": Record("safety plan"),
    "trigger": Record("trigger"),
    "coping_run": Record("guided coping run"),
    "journal_entry": Record("shared journal entry"),
    "check_in": Record("check-in"),
    "measure": Record("questionnaire"),
    "risk_flag": Record("risk flag"),
    "session_note": Record("session note"),
    "agenda_item": Record("session agenda item"),
    "library_links": Record("library links", plural=True),
    "reminder": Record("reminders", plural=True),
    "care_team": Record("care team"),
    "client": Record("details", plural=True),
    "invitation": Record("invitation"),
    "ally": Record("ally"),
    "caseload_rules": Record("caseload rules", plural=True, clinic=True),
    "risk_rules": Record("risk rules", plural=True, clinic=True),
    "clinic": Record("details", plural=True, clinic=True),
    "crisis_line": Record("crisis line", clinic=True),
    "crisis_lines": Record("crisis lines", plural=True, clinic=True),
}

VERBS: dict[str, str] = {
    "created": "added",
    "added": "added",
    "updated": "changed",
    "saved": "saved",
    "deleted": "removed",
    "removed": "removed",
    "restored": "put back after being removed",
    "reviewed": "reviewed",
    "marked": "marked",
    "planned": "planned ahead",
    "cleared": "taken back",
    "agreed": "agreed to",
    "mastered": "marked as manageable",
    "started": "started",
    "finished": "completed with how it went",
    "reordered": "reordered",
    "sorted": "ordered by expected distress",
    "assigned": "assigned",
    "stopped": "stopped",
    "submitted": "answered",
    "withdrawn": "withdrawn",
    "raised": "raised",
    "acknowledged": "acknowledged",
    "paused": "paused",
    "resumed": "resumed",
    "active": "made active",
    "completed": "marked complete",
    "discussed": "marked as discussed",
    "reopened": "reopened",
}

# Whole sentences where "<whose> <record> was <verb>" would not read plainly. {client} is the client's name.
SENTENCES: dict[str, str] = {
    "client.created": "{client} was added as a client",
    "client.invited": "{client} was invited to Stepwise",
    "clinician.invited": "A clinician was invited to Stepwise",
    "invitation.accepted": "An invitation to Stepwise was accepted",
    "account.signed_out_everywhere": "Their own sign-ins on every device were ended",
    "account.closure_requested": "{client}'s account was closed",
    "client.records_erased": "{client}'s closed account was erased when the clinic's time for keeping records ran out",
    "clinician.deactivated": "A clinician's account was closed as they left the clinic",
    "second_factor.set_up": "Two-step sign-in was set up for their own account",
    "second_factor.codes_renewed": "New recovery codes were made for their own two-step sign-in",
    "second_factor.turned_off": "Two-step sign-in was turned off for their own account",
    "second_factor.reset": "A clinician's two-step sign-in was reset and they were signed out everywhere",
    "second_factor.admin_reset": "An admin's two-step sign-in was reset and they were signed out everywhere",
    "second_factor.reset_by_staff": (
        "A two-step sign-in was reset by Stepwise staff, and its owner was signed out everywhere"
    ),
    "second_factor.recovery_code_used": "A recovery code stood in for the app at a sign-in",
    "account.updated_by_staff": "A clinic member's account was changed in Stepwise's staff admin",
    "account.created_by_staff": "An account was added to the clinic in Stepwise's staff admin",
    "account.deleted_by_staff": "An account was deleted from the clinic in Stepwise's staff admin",
    "clinic.retention_updated": "How long the clinic keeps closed accounts' records was changed",
    "care_team.assigned": "A clinician was added to {client}'s care team",
    "care_team.removed": "A clinician was taken off {client}'s care team",
    "caseload.need_seen": "A note about {client} on the caseload was marked as seen",
    "crisis_lines.adopted": "The standard crisis lines were added for the clinic",
    "measure.assigned": "A questionnaire was set for {client}",
    "measure.cadence_changed": "How often {client} is asked a questionnaire was changed",
    "risk_flag.raised": "A risk flag for {client} was raised",
    "journal_entry.created": "A journal entry {client} shares with the care team was written",
    "library_links.updated": "Library links on {client}'s plan were changed",
    "safety_plan.restored": "{client}'s safety plan was restored from an earlier version",
    "safety_plan.card_chosen": "What goes on {client}'s wallet card was chosen",
    "practice.not_this_time": "A practice of {client}'s was closed as 'I didn't go this time'",
    "agenda_item.added": "Something to talk about was added to {client}'s session agenda",
    "agenda_item.discussed": "An item on {client}'s session agenda was marked as discussed",
    "agenda_item.reopened": "An item on {client}'s session agenda was put back on the list",
    "agenda_item.removed": "An item was taken off {client}'s session agenda",
    "coping_run.recorded": "{client} did a coping skill step by step and shared it with the care team",
    "coping_run.shared": "{client} shared a guided coping run with the care team",
    "setback_review.smaller_accepted": "A smaller rung from {client}'s look back at a hard practice was added",
    "setback_review.smaller_declined": "The smaller rung from {client}'s look back at a hard practice was left off",
    "ally.invited": "{client} invited an ally to Stepwise",
    "ally.accepted": "An ally of {client}'s accepted their invitation",
    "ally.updated": "What {client}'s ally sees was changed",
    "ally.ended": "{client} ended an ally's access",
    "ally.thanked": "{client} sent an ally a thank-you",
    "step.ally_coming": "An ally said they'll come along on a step of {client}'s",
    "record_export.requested": "{client} asked for a copy of everything Stepwise holds about them",
    "record_export.downloaded": "{client} downloaded their copy of their record",
}
PRIVATE_SENTENCE = "A private record of {client}'s was changed"

# What a care-team member opened ("<kind>.viewed", access.audited_read). {whose} is "Robin's" or "your",
# {name} is "Robin" or "you": the client reads the same words about themself on their "who looked" page.
READS: dict[str, str] = {
    "client_overview": "{whose} overview",
    "plan": "{whose} re-entry plan",
    "plan_fhir": "{whose} re-entry plan as a FHIR file for another clinical system",
    "step": "a step on {whose} plan",
    "practice": "a practice on {whose} plan",
    "safety_plan": "{whose} safety plan",
    "safety_plan_versions": "the earlier versions of {whose} safety plan",
    "safety_plan_version": "an earlier version of {whose} safety plan",
    "safety_plan_pdf": "{whose} safety plan as a PDF",
    "wallet_card": "{whose} wallet card",
    "wallet_card_pdf": "{whose} wallet card as a PDF",
    "triggers": "{whose} triggers",
    "journal": "the journal entries {name} shared",
    "journal_entry": "a journal entry {name} shared",
    "journal_patterns": "the patterns in {whose} shared journal",
    "check_ins": "{whose} check-ins",
    "measures": "{whose} questionnaires",
    "measure_response": "a questionnaire {name} answered",
    "progress": "{whose} progress",
    "progress_pdf": "{whose} progress as a PDF",
    "risk_flag": "a risk flag on {whose} record",
    "session": "{whose} record in session view",
    "session_notes": "{whose} session notes",
    "session_note": "a session note about {name}",
    "agenda": "{whose} session agenda",
    "coping_runs": "the guided coping runs {name} shared",
    "setback_review": "{whose} look back at a hard practice",
}


def what_was_read(action: str, name: str | None) -> str:
    """Name the page a read opened: "Robin's safety plan", or "your safety plan" when `name` is None."""
    kind = action.removesuffix(READ_SUFFIX)
    words = READS.get(kind, "{whose} " + kind.replace("_", " "))
    if name is None:
        return words.format(whose="your", name="you")
    return words.format(whose=f"{name}'s", name=name)


@dataclass(frozen=True)
class Look:
    """One care-team member's reads of the client's record on one day, as the client reads them."""

    day: date
    who: str
    what: list[str]


def looks(rows: Iterable[dict[str, Any]]) -> list[Look]:
    """Turn a page of `looks_by_day()` rows into one line per person per day: "your safety plan (twice)"."""
    grouped: dict[tuple[date, str], list[str]] = {}
    for row in rows:
        who = row["actor__full_name"] or "Someone on your care team"
        what = what_was_read(row["action"], None)
        times = row["times"]
        grouped.setdefault((row["day"], who), []).append(what if times == 1 else f"{what} ({times} times)")
    return [Look(day=day, who=who, what=what) for (day, who), what in grouped.items()]


@dataclass(frozen=True)
class AuditLine:
    """One event as the admin reads it."""

    when: datetime
    day_only: bool  # a private record shows its day, never its time
    who: str
    who_role: str
    about: str
    sentence: str
    fields: list[str]


def _name(user: User | None) -> str:
    """A person's name as the clinic knows them: a client's preferred name, anyone else's full name.

    An ally is someone from the client's own life, not the clinic's: their sentences say "an ally" and never
    who (their account may carry no name, and then its email would stand in).
    """
    if user is None or user.is_ally:
        return ""
    profile = getattr(user, "client_profile", None) if user.is_client else None
    return profile.preferred_name if profile is not None else str(user)


def _record(prefix: str) -> Record:
    return RECORDS.get(prefix, Record(prefix.replace("_", " ")))


def sentence(event: AuditEvent, about: Client | None) -> str:
    """Say what happened in one plain sentence, naming the client it was about and who did it."""
    client = about.preferred_name if about is not None else "a client"
    prefix, _, verb = event.action.partition(".")
    who = _name(event.actor)
    if event.action.endswith(READ_SUFFIX):
        opened = what_was_read(event.action, client)
        return f"{who} opened {opened}." if who else f"Someone no longer at the clinic opened {opened}."
    if event.is_private_record:
        text = PRIVATE_SENTENCE.format(client=client)
    elif event.action in SENTENCES:
        text = SENTENCES[event.action].format(client=client)
    else:
        record = _record(prefix)
        whose = "The clinic's" if record.clinic or about is None else f"{client}'s"
        done = VERBS.get(verb, verb.replace("_", " "))
        text = f"{whose} {record.noun} {'were' if record.plural else 'was'} {done}"
    return f"{text} by {who}." if who else f"{text}."


def _clients_named_by_target(events: list[AuditEvent]) -> dict[Any, Client]:
    """Load, in one query, the clients that events kept off a trail name as their target."""
    ids = {e.target_id for e in events if e.client_id is None and e.target_type == "client" and e.target_id}
    return {c.public_id: c for c in Client.objects.filter(public_id__in=ids)} if ids else {}


def _about(event: AuditEvent, by_target: dict[Any, Client]) -> Client | None:
    """The client an event was about: its client, the client it targets, or the client who made it."""
    if event.client is not None:
        return event.client
    if event.target_type == "client" and event.target_id in by_target:
        return by_target[event.target_id]
    if event.actor is not None and event.actor.is_client:
        return getattr(event.actor, "client_profile", None)
    return None


def _field_words(event: AuditEvent) -> list[str]:
    if event.is_private_record:
        return []
    return [name.replace("_", " ") for name in event.changed_fields]


def audit_lines(events: Iterable[AuditEvent]) -> list[AuditLine]:
    """Turn a page of events (loaded with `for_reading`) into lines, with one more query at most."""
    rows = list(events)
    by_target = _clients_named_by_target(rows)
    lines = []
    for event in rows:
        about = _about(event, by_target)
        lines.append(
            AuditLine(
                when=timezone.localtime(event.created_at),
                day_only=event.is_private_record,
                who=_name(event.actor),
                who_role=event.actor.get_role_display() if event.actor is not None and event.actor.role else "",
                about=about.preferred_name if about is not None else "",
                sentence=sentence(event, about),
                fields=_field_words(event),
            )
        )
    return lines


def for_reading(events: Any) -> Any:
    """Load what the sentences need alongside the events: the actor, their client row, the client."""
    return events.select_related("actor__client_profile", "client")


# CSV: ids, names and fixed words only. A cell that a spreadsheet would read as a formula starts with a quote.
CSV_HEADER = ["When", "Who", "Their role", "About client", "What happened", "Fields changed"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Keep a spreadsheet from running a name such as "=HYPERLINK(...)" as a formula (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(events: Any, chunk: int = 500) -> Iterator[str]:
    """Yield the audit trail as CSV text, row by row, loading `chunk` events at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    iterator = for_reading(events).iterator(chunk_size=chunk)
    while batch := list(islice(iterator, chunk)):
        for line in audit_lines(batch):
            when = line.when.date().isoformat() if line.day_only else line.when.isoformat(timespec="minutes")
            cells = [when, line.who, line.who_role, line.about, line.sentence, ", ".join(line.fields)]
            yield writer.writerow([csv_cell(cell) for cell in cells])
