"""Writes for department members: adding people from the school or inviting them by email,
changing roles and removing members, importing them from CSV, and teams. `require_members` is
the one check that chosen people belong to the department (assignments and workshops use it).

The rules (each refusal is a ValidationError keyed by the form field it is about):
- only people already in the school (a membership in any of its departments) are added
  directly; anyone else is invited by email (services/invitations.py), and nothing here tells
  the caller whether an account exists for an address or username;
- the managing roles are granted, changed and removed only as permissions.can_grant_role says;
- nobody changes their own role or removes themself;
- a department's last head of department is neither removed nor demoted.

Every function is keyword-only and atomic. Whether the actor manages the department at all is
the caller's check (views use permissions.py).
"""

import csv
import enum
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from .. import permissions
from ..models import MANAGING_ROLES, Department, Membership, Role, Team
from .invitations import invitation_create

User = get_user_model()

SELF_REFUSED = "You cannot change your own role or remove yourself: ask another head of department or an administrator."
LAST_HEAD_REFUSED = "{name} is the only head of department of {department}: make someone else head of department first."


def membership_set(*, department: Department, user, role: str = Role.TEACHER) -> Membership:
    """Add `user` to the department with `role`, or change their role there, with no rule checks.

    For seeding and for the checked services below; pages use membership_add.
    """
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.")
    membership, _ = Membership.objects.update_or_create(department=department, user=user, defaults={"role": role})
    return membership


class Added(enum.Enum):
    """What membership_add did. Pages show one sentence for all of them (never which)."""

    ADDED = "added"  # someone from the school joined the department
    CHANGED = "changed"  # a member of the department got a new role (or kept theirs)
    INVITED = "invited"  # an email address was invited
    NOTHING = "nothing"  # a username that is nobody in the school


def membership_add(*, department: Department, actor, person: str, role: str = Role.TEACHER) -> Added:
    """Add the person from the school whose username or email is `person`, with `role`, or
    change their role if they are a member already; an email address of anyone else (an
    account elsewhere or none) is invited instead. Raises ValidationError for the rules above;
    which rule is checked never depends on whether an account exists outside the school.
    """
    text = person.strip()
    _require_grant(actor, department, role)
    if text.lower() in {actor.username.lower(), (actor.email or "").lower()}:
        raise ValidationError({"person": SELF_REFUSED})
    is_email = "@" in text
    if is_email:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError({"person": "Enter a username, or a whole email address such as name@school.org."})
    with transaction.atomic():
        user = (
            school_people(department.school)
            .filter(Q(username__iexact=text) | Q(email__iexact=text))
            .order_by("pk")
            .first()
        )
        if user is not None:
            current = Membership.objects.select_for_update().filter(department=department, user=user).first()
            if current is None:
                membership_set(department=department, user=user, role=role)
                return Added.ADDED
            _require_may_change(actor, current, role)
            membership_set(department=department, user=user, role=role)
            return Added.CHANGED
        if not is_email:
            return Added.NOTHING
        invitation_create(department=department, email=text, role=role, invited_by=actor)
        return Added.INVITED


def membership_remove(*, department: Department, actor, user) -> None:
    """Remove `user` from the department (and its teams). Raises ValidationError for the rules."""
    if user.pk == actor.pk:
        raise ValidationError({"person": SELF_REFUSED})
    with transaction.atomic():
        current = Membership.objects.select_for_update().filter(department=department, user=user).first()
        if current is None:
            return
        _require_may_change(actor, current, None)
        current.delete()
        for team in Team.objects.filter(department=department, members=user):
            team.members.remove(user)


def school_people(school):
    """Everyone with a membership in a department of `school`: the people a head of department
    may add directly."""
    return User.objects.filter(pk__in=Membership.objects.filter(department__school=school).values("user_id"))


def _require_grant(actor, department: Department, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    if not permissions.can_grant_role(actor, department.school, role):
        raise ValidationError({"role": permissions.ROLE_GRANT_REFUSED.format(school=department.school)})


def _require_may_change(actor, current: Membership, new_role: str | None) -> None:
    """The rules for changing (`new_role`) or removing (None) an existing membership."""
    if current.user_id == actor.pk:
        raise ValidationError({"person": SELF_REFUSED})
    if current.role == new_role:
        return
    if not permissions.can_grant_role(actor, current.department.school, current.role):
        raise ValidationError({"person": permissions.ROLE_GRANT_REFUSED.format(school=current.department.school)})
    if current.role == Role.HEAD and not _other_heads(current.department, [current.user_id]).exists():
        raise ValidationError({"person": _last_head_message(current.user, current.department)})


def _other_heads(department, excluding_user_ids):
    return (
        Membership.objects.select_for_update()
        .filter(department=department, role=Role.HEAD)
        .exclude(user_id__in=excluding_user_ids)
    )


def _last_head_message(user, department) -> str:
    return LAST_HEAD_REFUSED.format(name=user.get_full_name() or user.username, department=department.name)


class ImportRejected(ValidationError):
    """A CSV import with errors; `.messages` lists one message per bad row. Nothing was saved."""


ROLE_BY_TEXT = {**{value: value for value in Role.values}, **{label.lower(): value for value, label in Role.choices}}
IMPORT_COLUMNS = ("email", "first_name", "last_name", "role")


@dataclass
class ImportResult:
    """Counts: joined from the school, role changes of members, invitations sent by email."""

    added: int
    updated: int
    invited: int


@dataclass
class _Row:
    number: int
    email: str
    first_name: str
    last_name: str
    role: str


def members_import_csv(*, department: Department, actor, text: str) -> ImportResult:
    """Import members from CSV (columns email, first_name, last_name, role; header required).

    All or nothing: every row is checked first, and if any is bad ImportRejected lists each
    bad row by number and nothing is saved (nor emailed). People of the school are matched by
    email, case-insensitively, and added (or get the row's role); every other address is
    invited, whether or not it has an account. The rules of membership_add apply per row.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "email" not in header:
        raise ImportRejected(["The first line must be a header with at least an email column: " + ",".join(IMPORT_COLUMNS)])
    reader.fieldnames = header
    grant_refused = permissions.ROLE_GRANT_REFUSED.format(school=department.school)
    own = {actor.username.lower(), (actor.email or "").lower()}
    errors, rows, seen = [], [], set()
    for number, raw in enumerate(reader, start=2):
        row = {key: (value or "").strip() for key, value in raw.items() if key}
        email = row.get("email", "").lower()
        role_text = row.get("role", "").lower() or Role.TEACHER
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"“{email or '(blank)'}” is not an email address")
        if role_text not in ROLE_BY_TEXT:
            problems.append(f"unknown role “{row.get('role')}” (use one of: {', '.join(Role.values)})")
        elif not permissions.can_grant_role(actor, department.school, ROLE_BY_TEXT[role_text]):
            problems.append(grant_refused.rstrip("."))
        if email in own:
            problems.append("this is your own email address, and you cannot change your own role")
        if email in seen:
            problems.append("this email appears earlier in the file")
        seen.add(email)
        if problems:
            errors.append(f"Row {number}: " + "; ".join(problems) + ".")
        else:
            rows.append(_Row(number, email, row.get("first_name", ""), row.get("last_name", ""), ROLE_BY_TEXT[role_text]))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(["The file has no member rows under its header."])

    result = ImportResult(0, 0, 0)
    with transaction.atomic():
        people = {}
        for user in school_people(department.school).filter(email__in=[r.email for r in rows]).order_by("pk"):
            people.setdefault(user.email.lower(), user)
        current = {
            m.user_id: m
            for m in Membership.objects.select_for_update().filter(department=department).select_related("user")
        }
        errors = _membership_change_errors(department, actor, rows, people, current)
        if errors:
            raise ImportRejected(errors)
        for row in rows:
            user = people.get(row.email)
            if user is None:
                invitation_create(
                    department=department, email=row.email, role=row.role, invited_by=actor,
                    first_name=row.first_name, last_name=row.last_name,
                )
                result.invited += 1
                continue
            if user.pk in current:
                result.updated += current[user.pk].role != row.role
            else:
                result.added += 1
            membership_set(department=department, user=user, role=row.role)
    return result


def _membership_change_errors(department, actor, rows, people, current) -> list[str]:
    """Rows that would change a managing role without the right, or leave no head."""
    errors, demoted_heads = [], []
    heads_after = {uid for uid, m in current.items() if m.role == Role.HEAD}
    for row in rows:
        user = people.get(row.email)
        membership = current.get(user.pk) if user else None
        if user is not None and row.role == Role.HEAD:
            heads_after.add(user.pk)
        if membership is None or membership.role == row.role:
            continue
        if membership.role in MANAGING_ROLES and not permissions.can_grant_role(actor, department.school, membership.role):
            errors.append(f"Row {row.number}: " + permissions.ROLE_GRANT_REFUSED.format(school=department.school))
        if membership.role == Role.HEAD:
            heads_after.discard(user.pk)
            demoted_heads.append((row, user))
    if demoted_heads and not heads_after:
        errors += [f"Row {row.number}: " + _last_head_message(user, department) for row, user in demoted_heads]
    return errors


def team_create(*, department: Department, name: str, members) -> Team:
    require_members(department, members)
    with transaction.atomic():
        team = Team.objects.create(department=department, name=name.strip())
        team.members.set(members)
    return team


def require_members(department: Department, users) -> None:
    """Raise ValidationError unless every one of `users` is a member of `department`."""
    ids = {u.pk for u in users}
    inside = set(Membership.objects.filter(department=department, user_id__in=ids).values_list("user_id", flat=True))
    if ids - inside:
        raise ValidationError("Only members of this department can be chosen.")
