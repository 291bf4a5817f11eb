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
