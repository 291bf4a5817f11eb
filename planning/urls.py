"""URLs of the care domain. Every id is a UUID public id and goes through planning.access.

One shape for every record: a record lives at `<kind>/<id>/`, its actions below it
(`steps/<id>/edit/`), and a new child is made under its parent (`goals/<id>/steps/new/`).
What a client has one of (the safety plan) or a list of (triggers, journal) hangs off the client.
"""

from __future__ import annotations

from django.urls import path

from .views import (
    accounts,
    allies,
    client,
    clinician,
    comments,
    coping,
    exports,
    journal,
    library,
    notifications,
    org,
    plans,
    practice,
    reminders,
    removals,
    safety,
    second_factor,
    sessions,
    setbacks,
    tracking,
    triggers,
)

app_name = "planning"

CLIENT = "clients/<uuid:client_id>/"
SAFETY = CLIENT + "safety-plan/"

urlpatterns = [
    # Signing in and the home page of each role
    path("", accounts.home, name="home"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("away/", accounts.leave_quickly, name="leave_quickly"),
    path("account/", accounts.account, name="account"),
    path("account/sign-out-everywhere/", accounts.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/close/", accounts.account_close, name="account_close"),
    path("account/stay-signed-in/", accounts.stay_signed_in, name="stay_signed_in"),
    # Two-step sign-in (docs/architecture.md, "Two-step sign-in")
    path("account/two-step/", second_factor.two_factor, name="two_factor"),
    path("account/two-step/set-up/", second_factor.two_factor_setup, name="two_factor_setup"),
    path("account/two-step/recovery-codes/", second_factor.two_factor_codes, name="two_factor_codes"),
    path("account/two-step/turn-off/", second_factor.two_factor_off, name="two_factor_off"),
    # Where "Leave quickly" lands: a bland address and title (docs/architecture.md, "Leaving quickly").
    path("recipes/tomato-soup/", accounts.neutral_page, name="neutral_page"),
    path("me/", client.client_home, name="client_home"),
    path("me/who-looked/", client.record_looks, name="record_looks"),
    # Allies: the client's trusted people, and the one page each ally sees
    path("me/allies/", allies.ally_list, name="ally_list"),
    path("allies/<uuid:ally_id>/", allies.ally_detail, name="ally_detail"),
    path("allies/<uuid:ally_id>/end/", allies.ally_end_view, name="ally_end"),
    path("supporting/", allies.ally_home, name="ally_home"),
    # The client's copy of their record: asked for on one page, downloaded once by a random token
    path("me/copy/", exports.record_export, name="record_export"),
    path("me/copy/<str:token>/", exports.record_export_download, name="record_export_download"),
    # The clinician's caseload and clients
    path("caseload/", clinician.caseload, name="caseload"),
    path(CLIENT + "needs/<str:need>/seen/", clinician.need_seen, name="need_seen"),
    path("clients/new/", clinician.client_add, name="client_add"),
    path(CLIENT, clinician.client_overview, name="client_overview"),
    path(CLIENT + "edit/", clinician.client_edit, name="client_edit"),
    path(CLIENT + "reinvite/", clinician.client_reinvite, name="client_reinvite"),
    # The re-entry plan: co-building screen, ladders and practice log
    path(CLIENT + "plan/start/", plans.plan_start, name="plan_start"),
    path("plans/<uuid:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_id>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<uuid:plan_id>/pace/", plans.plan_pace, name="plan_pace"),
    path("plans/<uuid:plan_id>/fhir/", exports.plan_fhir, name="plan_fhir"),
    path("plans/<uuid:plan_id>/values/new/", plans.value_add, name="value_add"),
    path("values/<uuid:value_id>/edit/", plans.value_edit, name="value_edit"),
    path("plans/<uuid:plan_id>/goals/new/", plans.goal_add, name="goal_add"),
    path("goals/<uuid:goal_id>/edit/", plans.goal_edit, name="goal_edit"),
    path("goals/<uuid:goal_id>/steps/new/", plans.step_add, name="step_add"),
    path("goals/<uuid:goal_id>/steps/from-library/", library.step_from_library, name="step_from_library"),
    path("goals/<uuid:goal_id>/reorder/", plans.ladder_reorder, name="ladder_reorder"),
    path("goals/<uuid:goal_id>/sort/", plans.ladder_sort, name="ladder_sort"),
    path("steps/<uuid:step_id>/", plans.step_detail, name="step_detail"),
    path("steps/<uuid:step_id>/edit/", plans.step_edit, name="step_edit"),
    path("steps/<uuid:step_id>/move/", plans.step_move, name="step_move"),
    path("steps/<uuid:step_id>/agree/", plans.step_agree, name="step_agree"),
    path("steps/<uuid:step_id>/mastered/", plans.step_mastered, name="step_mastered"),
    path("steps/<uuid:step_id>/remove/", plans.step_remove, name="step_remove"),
    path("steps/<uuid:step_id>/library/", library.step_library, name="step_library"),
    path("steps/<uuid:step_id>/ally/", allies.step_ally, name="step_ally"),
    path("steps/<uuid:step_id>/coming/", allies.step_ally_coming_view, name="step_ally_coming"),
    path("steps/<uuid:step_id>/practices/new/", practice.practice_before, name="practice_before"),
    path("practices/<uuid:practice_id>/", practice.practice_detail, name="practice_detail"),
    path("practices/<uuid:practice_id>/after/", practice.practice_after, name="practice_after"),
    path("practices/<uuid:practice_id>/not-this-time/", practice.practice_not_this_time, name="practice_not_this_time"),
    path("practices/<uuid:practice_id>/remove/", practice.practice_remove, name="practice_remove"),
    path("practices/<uuid:practice_id>/thank-ally/", allies.practice_thank_ally, name="practice_thank_ally"),
    path("practices/<uuid:practice_id>/comments/new/", comments.practice_comment_add, name="practice_comment_add"),
    # Looking back at a hard practice (offered, never required) and the smaller rung it may propose
    path("practices/<uuid:practice_id>/look-back/", setbacks.setback_review_add, name="setback_review_add"),
    path("setback-reviews/<uuid:review_id>/", setbacks.setback_review_detail, name="setback_review_detail"),
    path("setback-reviews/<uuid:review_id>/smaller/", setbacks.setback_review_smaller, name="setback_review_smaller"),
    path(
        "setback-reviews/<uuid:review_id>/smaller/decline/",
        setbacks.setback_review_decline,
        name="setback_review_decline",
    ),
    path("comments/<uuid:comment_id>/edit/", comments.comment_edit, name="comment_edit"),
    # The safety plan and its saved versions
    path("me/safety-plan/", safety.my_safety_plan, name="my_safety_plan"),
    path(SAFETY, safety.safety_plan, name="safety_plan"),
    path(SAFETY + "edit/", safety.safety_plan_edit, name="safety_plan_edit"),
    path(SAFETY + "add/", safety.safety_plan_add_item, name="safety_plan_add_item"),
    path(SAFETY + "remove/", safety.safety_plan_remove_item, name="safety_plan_remove_item"),
    path(SAFETY + "review/", safety.safety_plan_review, name="safety_plan_review"),
    path(SAFETY + "library/", library.safety_plan_library, name="safety_plan_library"),
    path(SAFETY + "plan.pdf", safety.safety_plan_pdf, name="safety_plan_pdf"),
    path(SAFETY + "card/", safety.safety_plan_card, name="safety_plan_card"),
    path(SAFETY + "card.pdf", safety.safety_plan_card_pdf, name="safety_plan_card_pdf"),
    path(SAFETY + "versions/", safety.safety_plan_versions, name="safety_plan_versions"),
    path("safety-plan-versions/<uuid:version_id>/", safety.safety_plan_version, name="safety_plan_version"),
    path(
        "safety-plan-versions/<uuid:version_id>/restore/",
        safety.safety_plan_version_restore,
        name="safety_plan_version_restore",
    ),
    # Triggers
    path(CLIENT + "triggers/", triggers.trigger_list, name="trigger_list"),
    path(CLIENT + "triggers/new/", triggers.trigger_add, name="trigger_add"),
    path("triggers/<uuid:trigger_id>/edit/", triggers.trigger_edit, name="trigger_edit"),
    path("triggers/<uuid:trigger_id>/remove/", triggers.trigger_remove, name="trigger_remove"),
    path("triggers/<uuid:trigger_id>/library/", library.trigger_library, name="trigger_library"),
    # The social-experience journal
    path(CLIENT + "journal/", journal.journal_list, name="journal_list"),
    path(CLIENT + "journal/new/", journal.journal_add, name="journal_add"),
    path(CLIENT + "journal/patterns/", journal.journal_patterns, name="journal_patterns"),
    path("journal/<uuid:entry_id>/", journal.journal_detail, name="journal_detail"),
    path("journal/<uuid:entry_id>/edit/", journal.journal_edit, name="journal_edit"),
    path("journal/<uuid:entry_id>/remove/", journal.journal_remove, name="journal_remove"),
    path("journal/<uuid:entry_id>/comments/new/", comments.journal_comment_add, name="journal_comment_add"),
    # Undo what was just removed
    path("removals/<uuid:removal_id>/undo/", removals.undo_removal, name="removal_undo"),
    # Check-ins, questionnaires and the risk safety net
    path(CLIENT + "check-ins/", tracking.check_in_list, name="check_in_list"),
    path(CLIENT + "check-ins/new/", tracking.check_in_add, name="check_in_add"),
    path(CLIENT + "measures/", tracking.measure_list, name="measure_list"),
    path(CLIENT + "measures/new/", tracking.measure_add, name="measure_add"),
    path("measure-assignments/<uuid:assignment_id>/stop/", tracking.measure_assignment_stop, name="measure_stop"),
    path("measure-assignments/<uuid:assignment_id>/start/", tracking.measure_start, name="measure_start"),
    path("measure-responses/<uuid:response_id>/", tracking.measure_response, name="measure_response"),
    path("measure-responses/<uuid:response_id>/withdraw/", tracking.measure_withdraw, name="measure_withdraw"),
    path(CLIENT + "progress/", tracking.progress, name="progress"),
    path(CLIENT + "progress.pdf", tracking.progress_pdf, name="progress_pdf"),
    path("me/support/", tracking.support, name="support"),
    # Support in a hard moment and coping skills done step by step (the client's own)
    path("me/support-now/", coping.support_now, name="support_now"),
    path("me/coping/<uuid:item_id>/", coping.coping_guided, name="coping_guided"),
    path(CLIENT + "coping-runs/", coping.coping_run_list, name="coping_run_list"),
    path("coping-runs/<uuid:run_id>/share/", coping.coping_run_share, name="coping_run_share"),
    path("risk-flags/<uuid:flag_id>/", tracking.risk_flag_detail, name="risk_flag"),
    # The 50-minute session: the in-session view, session notes (care team only) and the agenda
    path(CLIENT + "session/", sessions.in_session, name="in_session"),
    path(CLIENT + "session-notes/", sessions.session_note_list, name="session_note_list"),
    path(CLIENT + "session-notes/new/", sessions.session_note_add, name="session_note_add"),
    path("session-notes/<uuid:note_id>/", sessions.session_note_detail, name="session_note_detail"),
    path("session-notes/<uuid:note_id>/edit/", sessions.session_note_edit, name="session_note_edit"),
    path(CLIENT + "agenda/", sessions.agenda, name="agenda"),
    path(CLIENT + "agenda/new/", sessions.agenda_add, name="agenda_add"),
    path("agenda-items/<uuid:item_id>/discussed/", sessions.agenda_item_discussed, name="agenda_item_discussed"),
    path("agenda-items/<uuid:item_id>/remove/", sessions.agenda_item_remove, name="agenda_item_remove"),
    # Reminders
    path("me/reminders/", reminders.reminders, name="reminders"),
    path("me/reminders/pause/", reminders.reminders_pause, name="reminders_pause"),
    path("me/reminders/resume/", reminders.reminders_resume, name="reminders_resume"),
    path("me/reminders/off/", reminders.reminders_off, name="reminders_off"),
    # Notifications and the weekly digest
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
    path("notifications/<uuid:notification_id>/", notifications.notification_open, name="notification_open"),
    path("digest/", notifications.digest_settings, name="digest_settings"),
    # Organisation admins: clinicians, care teams, crisis lines and the audit log
    path("organisation/", org.org_home, name="org_home"),
    path(
        "organisation/clinicians/<uuid:clinician_id>/deactivate/",
        org.clinician_deactivate_view,
        name="org_clinician_deactivate",
    ),
    path(
        "organisation/clinicians/<uuid:clinician_id>/reset-two-step/",
        org.clinician_two_factor_reset,
        name="org_clinician_two_factor_reset",
    ),
    path(
        "organisation/admins/<uuid:admin_id>/reset-two-step/",
        org.admin_two_factor_reset,
        name="org_admin_two_factor_reset",
    ),
    path("organisation/clients/<uuid:client_id>/care-team/", org.care_team, name="org_care_team"),
    path("organisation/care-team/<uuid:member_id>/remove/", org.care_team_member_remove, name="org_care_team_remove"),
    path("organisation/crisis-lines/", safety.org_crisis_lines, name="org_crisis_lines"),
    path("organisation/clinic/", safety.org_clinic_details, name="org_clinic_details"),
    path("organisation/crisis-lines/<uuid:line_id>/", safety.org_crisis_line_edit, name="org_crisis_line_edit"),
    path(
        "organisation/crisis-lines/<uuid:line_id>/remove/",
        safety.org_crisis_line_remove,
        name="org_crisis_line_remove",
    ),
    path("organisation/risk-rules/", tracking.org_risk_rules, name="org_risk_rules"),
    path("organisation/caseload-rules/", org.caseload_rules, name="org_caseload_rules"),
    path("organisation/records-kept/", org.retention, name="org_retention"),
    path("organisation/audit/", org.audit_log, name="org_audit"),
    path("organisation/audit.csv", org.audit_log_csv, name="org_audit_csv"),
]
