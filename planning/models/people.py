"""People and tenancy: clinics, their staff and clients, care teams and invitations."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core import signing
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .records import ClientRecord

if TYPE_CHECKING:
    from datetime import datetime

    from .caseload import CaseloadRules
    from .safety import SafetyPlan, SafetyPlanVersion


INVITATION_SALT = "stepwise.invitation"


class Organization(models.Model):
    """A clinic: a tenant. Nothing crosses between organisations."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    # Written as the clinic's crisis lines name it ("United Kingdom"): it picks the lines on the wallet card and
    # the paper size of printouts. Empty means the country of the clinic's first crisis line.
    country = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=30, blank=True, help_text="The clinic's number, offered for wallet cards.")
    # How long a closed account's clinical record is kept, counted from when the client asked to close it.
    # Empty (the default) keeps it until the admin chooses: erasing is the one thing that cannot be undone.
    closed_records_kept_years = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="closed_records_kept_at_least_a_year",
                condition=Q(closed_records_kept_years__isnull=True) | Q(closed_records_kept_years__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    CLIENT = "client", "Client"
    ORG_ADMIN = "org_admin", "Organisation admin"
    # A client's trusted person: no clinic, no caseload, only the page each client they support picks for them.
    ALLY = "ally", "Ally"


class UserQuerySet(models.QuerySet["User"]):
    """Users. Every bulk write retires the cached copies of the rows it touches (planning/user_cache.py).

    Saves and deletes of one row retire theirs through User's post_save and post_delete.
    """

    def update(self, **kwargs: Any) -> int:
        """Update the rows matching now, and retire their cached copies."""
        from ..user_cache import retire

        touched = list(self.values_list("pk", flat=True).order_by())
        if not touched:
            return 0
        # Only the rows just listed (and still matching): a row that starts matching meanwhile is left as it is.
        updated = super(UserQuerySet, self.filter(pk__in=touched)).update(**kwargs)
        retire(touched, using=self.db)
        return updated

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(self, objs: Iterable[User], fields: Iterable[str], batch_size: int | None = None) -> int:
        """Update the given rows (through update() above), and retire their cached copies."""
        from ..user_cache import retire

        objs = list(objs)
        updated = super().bulk_update(objs, fields, batch_size=batch_size)
        retire([obj.pk for obj in objs], using=self.db)
        return updated

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete the rows matching now, and retire their cached copies."""
        from ..user_cache import retire

        touched = list(self.values_list("pk", flat=True).order_by())
        deleted = super().delete()
        retire(touched, using=self.db)
        return deleted

    # As QuerySet.delete: never on the manager, so User.objects.delete() cannot delete everyone.
    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. Signs in by email; belongs to one organisation in one role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True, max_length=254)
    full_name = models.CharField(max_length=120, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    # Goes up on "sign out everywhere": it is part of the hash every session carries, so all of them end.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(
                name="user_role_has_organization",
                condition=Q(role__in=["", "ally"]) | Q(organization__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ORG_ADMIN

    @property
    def is_ally(self) -> bool:
        return self.role == Role.ALLY

    @property
    def second_factor_required(self) -> bool:
        """Clinicians, admins and Django staff reach records and people's accounts: a password alone is not enough."""
        return bool(settings.SECOND_FACTOR_REQUIRED) and (
            self.is_staff or self.role in (Role.CLINICIAN, Role.ORG_ADMIN)
        )

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Sign sessions with the password and the session generation, so raising either ends them all."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]  # sessions from before stay valid
        salt = "planning.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: Any) -> ClientQuerySet:
        """Clients whose clinical record this user may see: themself, or their care team's."""
        if not getattr(user, "is_authenticated", False) or user.organization_id is None:
            return self.none()
        if user.role == Role.CLIENT:
            return self.filter(user=user)
        if user.role == Role.CLINICIAN:
            # One care-team row per client and clinician (a unique constraint), so no DISTINCT is needed.
            return self.filter(organization_id=user.organization_id, care_team__clinician=user)
        return self.none()

    def in_organization(self, organization: Organization) -> ClientQuerySet:
        return self.filter(organization=organization)

    def active(self) -> ClientQuerySet:
        return self.filter(is_active=True)

    def with_editor_flag(self) -> ClientQuerySet:
        """Annotate `has_editor`: whether an active clinician on the care team can read and edit."""
        editors = CareTeamMember.objects.filter(
            client=OuterRef("pk"), access=CareTeamMember.Access.WRITE, clinician__is_active=True
        )
        return self.annotate(has_editor=Exists(editors))

    def with_need_times(
        self, clinician: User, rules: CaseloadRules | None = None, *, as_of: datetime | None = None
    ) -> ClientQuerySet:
        """Annotate when each reason to look at a client last happened (<need>_at), if after this clinician saw it.

        A reason that does not apply, or happened before the clinician marked it seen, is None. Reasons
        that come with time are worked out as of `as_of` (midnight today unless given). Every
        reason is a correlated subquery computed once per client, so the caseload is one query however
        many clients it has; planning.models.caseload.NeedRanking orders by them in the database.
        """
        from .caseload import LONG_AGO, NeedSeen, need_times, rules_of_clinic, start_of_today

        parts = need_times(rules or rules_of_clinic(clinician.organization_id), as_of or start_of_today())
        rows = self.alias(last_activity=parts["last_activity"], review_base=parts["review_base"])
        annotations: dict[str, Any] = {}
        for need, when in parts["times"].items():
            seen = NeedSeen.objects.filter(client=OuterRef("pk"), clinician=clinician, need=need).values("seen_at")[:1]
            seen_at = Coalesce(Subquery(seen), LONG_AGO)
            # The later of the two, unless that is when it was seen: each reason's subquery appears once.
            annotations[f"{need}_at"] = NullIf(Greatest(when, seen_at), seen_at)
        return rows.annotate(**annotations)

    def with_row_summary(self) -> ClientQuerySet:
        """Annotate each caseload row's next step and last practice, and fetch its latest questionnaire scores."""
        from .plans import Plan, Practice, Step
        from .tracking import MeasureResponse

        next_step = Step.objects.filter(goal__plan__client=OuterRef("pk"), status__in=Step.OPEN_STATUSES).exclude(
            goal__plan__status=Plan.Status.COMPLETED
        )
        practices = Practice.objects.filter(step__goal__plan__client=OuterRef("pk"))
        latest = models.Prefetch(
            "measure_responses",
            queryset=MeasureResponse.objects.filter(is_latest=True).order_by("code"),
            to_attr="latest_measures",
        )
        return self.annotate(
            next_step=Subquery(next_step.order_by("goal__position", "position").values("activity")[:1]),
            last_practice_on=Subquery(practices.order_by("-planned_for").values("planned_for")[:1]),
        ).prefetch_related(latest)


class Client(models.Model):
    """A person in care. The clinical record hangs off this row."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="clients")
    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="client_profile")
    preferred_name = models.CharField(max_length=80, help_text="The name they would like us to use.")
    pronouns = models.CharField(max_length=40, blank=True, help_text="For example: she/her, they/them.")
    accessibility_needs = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Anything that makes sessions and this app easier to use.",
    )
    email = models.EmailField(max_length=254, help_text="Where the invitation goes.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # When the client asked to close their account: their sign-in stopped then, and the clinic's retention
    # (Organization.closed_records_kept_years) counts from it.
    closure_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When `manage.py erase_past_retention` erased the clinical record; the row stays, anonymised, for the audit trail.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["preferred_name"]

    def __str__(self) -> str:
        return self.preferred_name

    def current_safety_plan(self) -> tuple[SafetyPlan | None, SafetyPlanVersion | None]:
        """Return the client's safety plan and its current version (either may not exist yet)."""
        from .safety import SafetyPlan

        plan = SafetyPlan.objects.filter(client=self).select_related("reviewed_by").first()
        return plan, (plan.current_version() if plan else None)


class CareTeamMember(ClientRecord, models.Model):
    """A clinician on a client's care team, with read-write or read-only access."""

    class Access(models.TextChoices):
        WRITE = "write", "Can read and edit"
        READ = "read", "Can read only"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_assignments")
    access = models.CharField(max_length=8, choices=Access.choices, default=Access.WRITE)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "clinician"], name="care_team_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.clinician} on care team ({self.get_access_display()})"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def clinicians_of(self, organization: Organization) -> InvitationQuerySet:
        return self.filter(organization=organization, role=Role.CLINICIAN)


class Invitation(ClientRecord, models.Model):
    """A one-time, expiring invitation to set a password and join an organisation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    full_name = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    ally = models.ForeignKey(
        "planning.Ally", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="client_invitation_names_client",
                condition=~Q(role="client") | Q(client__isnull=False),
            ),
            models.CheckConstraint(
                name="ally_invitation_names_ally",
                condition=~Q(role="ally") | (Q(ally__isnull=False) & Q(client__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation {self.public_id}"

    def expires_at(self) -> datetime:
        """Say when the link stops working, so the person can be told."""
        from django.conf import settings

        return self.created_at + settings.INVITATION_MAX_AGE

    def token(self) -> str:
        """Sign the public id for the link; the signature carries when it was made, so the link can expire."""
        return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(self.public_id))

    @staticmethod
    def public_id_from(token: str) -> uuid.UUID:
        """Read the public id back from a link, raising signing.SignatureExpired or BadSignature (or ValueError)."""
        from django.conf import settings

        signer = signing.TimestampSigner(salt=INVITATION_SALT)
        return uuid.UUID(signer.unsign(token, max_age=settings.INVITATION_MAX_AGE))

    def is_expired(self) -> bool:
        """An invitation older than INVITATION_MAX_AGE no longer works."""
        return timezone.now() >= self.expires_at()
