"""URLs of the care domain. Every id is a UUID public id and goes through planning.access."""

from __future__ import annotations

from django.urls import path

from .views import accounts, client, clinician, org

app_name = "planning"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("away/", accounts.leave_quickly, name="leave_quickly"),
    # Clinicians
    path("caseload/", clinician.caseload, name="caseload"),
    path("clients/new/", clinician.client_add, name="client_add"),
    path("clients/<uuid:client_id>/", clinician.client_overview, name="client_overview"),
    path("clients/<uuid:client_id>/edit/", clinician.client_edit, name="client_edit"),
    path("clients/<uuid:client_id>/reinvite/", clinician.client_reinvite, name="client_reinvite"),
    # Clients
    path("me/", client.client_home, name="client_home"),
    # Organisation admins
    path("organisation/", org.org_home, name="org_home"),
    path("organisation/clients/<uuid:client_id>/care-team/", org.care_team, name="org_care_team"),
    path(
        "organisation/clients/<uuid:client_id>/care-team/<uuid:member_id>/remove/",
        org.care_team_member_remove,
        name="org_care_team_remove",
    ),
    path("organisation/audit/", org.audit_log, name="org_audit"),
]

# The re-entry plan: co-building screen, ladders and practice log (issue #3).
from .views import plans as plan_views  # noqa: E402
from .views import practice as practice_views  # noqa: E402

urlpatterns += [
    path("clients/<uuid:client_id>/plan/start/", plan_views.plan_start_view, name="plan_start"),
    path("plans/<uuid:plan_id>/", plan_views.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_id>/edit/", plan_views.plan_edit, name="plan_edit"),
    path("plans/<uuid:plan_id>/pace/", plan_views.plan_pace, name="plan_pace"),
    path("plans/<uuid:plan_id>/values/new/", plan_views.value_add, name="value_add"),
    path("values/<uuid:value_id>/edit/", plan_views.value_edit, name="value_edit"),
    path("plans/<uuid:plan_id>/goals/new/", plan_views.goal_add, name="goal_add"),
    path("goals/<uuid:goal_id>/edit/", plan_views.goal_edit, name="goal_edit"),
    path("goals/<uuid:goal_id>/steps/new/", plan_views.step_add, name="step_add"),
    path("goals/<uuid:goal_id>/reorder/", plan_views.ladder_reorder, name="ladder_reorder"),
    path("goals/<uuid:goal_id>/sort/", plan_views.ladder_sort, name="ladder_sort"),
    path("steps/<uuid:step_id>/", plan_views.step_detail, name="step_detail"),
    path("steps/<uuid:step_id>/edit/", plan_views.step_edit, name="step_edit"),
    path("steps/<uuid:step_id>/move/", plan_views.step_move_view, name="step_move"),
    path("steps/<uuid:step_id>/agree/", plan_views.step_agree, name="step_agree"),
    path("steps/<uuid:step_id>/mastered/", plan_views.step_mastered, name="step_mastered"),
    path("steps/<uuid:step_id>/practices/new/", practice_views.practice_before, name="practice_before"),
    path("practices/<uuid:practice_id>/", practice_views.practice_detail, name="practice_detail"),
    path("practices/<uuid:practice_id>/after/", practice_views.practice_after, name="practice_after"),
]

# Safety plan, triggers and the social-experience journal (issue #4).
from .views import journal as journal_views  # noqa: E402
from .views import safety as safety_views  # noqa: E402
from .views import triggers as trigger_views  # noqa: E402

SAFETY = "clients/<uuid:client_id>/safety-plan/"
TRIGGERS = "clients/<uuid:client_id>/triggers/"
JOURNAL = "clients/<uuid:client_id>/journal/"

urlpatterns += [
    path("me/safety-plan/", safety_views.my_safety_plan, name="my_safety_plan"),
    path(SAFETY, safety_views.safety_plan, name="safety_plan"),
    path(SAFETY + "edit/", safety_views.safety_plan_edit, name="safety_plan_edit"),
    path(SAFETY + "add/", safety_views.safety_plan_add_item, name="safety_plan_add_item"),
    path(SAFETY + "versions/", safety_views.safety_plan_versions, name="safety_plan_versions"),
    path(
        SAFETY + "versions/<uuid:version_id>/",
        safety_views.safety_plan_version,
        name="safety_plan_version",
    ),
    path(
        SAFETY + "versions/<uuid:version_id>/restore/",
        safety_views.safety_plan_version_restore,
        name="safety_plan_version_restore",
    ),
    path(SAFETY + "review/", safety_views.safety_plan_review, name="safety_plan_review"),
    path(SAFETY + "plan.pdf", safety_views.safety_plan_pdf, name="safety_plan_pdf"),
    path(SAFETY + "card.pdf", safety_views.safety_plan_card_pdf, name="safety_plan_card_pdf"),
    path(TRIGGERS, trigger_views.trigger_list, name="trigger_list"),
    path(TRIGGERS + "new/", trigger_views.trigger_add, name="trigger_add"),
    path(TRIGGERS + "<uuid:trigger_id>/edit/", trigger_views.trigger_edit, name="trigger_edit"),
    path(TRIGGERS + "<uuid:trigger_id>/remove/", trigger_views.trigger_remove, name="trigger_remove"),
    path(JOURNAL, journal_views.journal_list, name="journal_list"),
    path(JOURNAL + "new/", journal_views.journal_add, name="journal_add"),
    path(JOURNAL + "patterns/", journal_views.journal_patterns, name="journal_patterns"),
    path(JOURNAL + "<uuid:entry_id>/", journal_views.journal_detail, name="journal_detail"),
    path(JOURNAL + "<uuid:entry_id>/edit/", journal_views.journal_edit, name="journal_edit"),
    path(JOURNAL + "<uuid:entry_id>/remove/", journal_views.journal_remove, name="journal_remove"),
]

# The library linked into plans (issue #5): steps from templates, skills and scripts attached.
from .views import library as library_views  # noqa: E402

urlpatterns += [
    path("goals/<uuid:goal_id>/from-library/", library_views.step_from_library, name="step_from_library"),
    path("steps/<uuid:step_id>/library/", library_views.step_library, name="step_library"),
    path(TRIGGERS + "<uuid:trigger_id>/library/", library_views.trigger_library, name="trigger_library"),
    path(SAFETY + "library/", library_views.safety_plan_library, name="safety_plan_library"),
]

urlpatterns += [
    path("organisation/crisis-lines/", safety_views.org_crisis_lines, name="org_crisis_lines"),
    path("organisation/crisis-lines/<uuid:line_id>/", safety_views.org_crisis_line_edit, name="org_crisis_line_edit"),
    path(
        "organisation/crisis-lines/<uuid:line_id>/remove/",
        safety_views.org_crisis_line_remove,
        name="org_crisis_line_remove",
    ),
]
