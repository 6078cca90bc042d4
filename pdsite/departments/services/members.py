"""Writes for department members: adding, changing and removing members, importing them
from CSV, and teams. `require_members` is the one check that chosen people belong to the
department (assignments and workshops use it too).

Every function is keyword-only and atomic. Permission checks are the caller's job (views use
permissions.py); services enforce data rules (members of the department only).
"""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ..models import Department, Membership, Role, Team

User = get_user_model()


def membership_set(*, department: Department, user, role: str = Role.TEACHER) -> Membership:
    """Add `user` to the department with `role`, or change their role there."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.")
    membership, _ = Membership.objects.update_or_create(department=department, user=user, defaults={"role": role})
    return membership


def membership_remove(*, department: Department, user) -> None:
    Membership.objects.filter(department=department, user=user).delete()


class ImportRejected(ValidationError):
    """A CSV import with errors; `.messages` lists one message per bad row. Nothing was saved."""


ROLE_BY_TEXT = {**{value: value for value in Role.values}, **{label.lower(): value for value, label in Role.choices}}
IMPORT_COLUMNS = ("email", "first_name", "last_name", "role")


@dataclass
class ImportResult:
    created_users: int
    added: int
    updated: int


def members_import_csv(*, department: Department, text: str) -> ImportResult:
    """Import members from CSV (columns email, first_name, last_name, role; header required).

    All or nothing: every row is checked first, and if any is bad ImportRejected lists each
    bad row by number and nothing is saved. Unknown emails become new accounts (no usable
    password until they reset it); known ones are matched by email, case-insensitively.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "email" not in header:
        raise ImportRejected(["The first line must be a header with at least an email column: " + ",".join(IMPORT_COLUMNS)])
    reader.fieldnames = header
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
        if email in seen:
            problems.append("this email appears earlier in the file")
        seen.add(email)
        if problems:
            errors.append(f"Row {number}: " + "; ".join(problems) + ".")
        else:
            rows.append((email, row.get("first_name", ""), row.get("last_name", ""), ROLE_BY_TEXT[role_text]))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(["The file has no member rows under its header."])

    result = ImportResult(0, 0, 0)
    with transaction.atomic():
        existing = {u.email.lower(): u for u in User.objects.filter(email__in=[r[0] for r in rows])}
        current = dict(Membership.objects.filter(department=department).values_list("user_id", "role"))
        for email, first, last, role in rows:
            user = existing.get(email)
            if user is None:
                user = User(username=_free_username(email), email=email, first_name=first, last_name=last)
                user.set_unusable_password()
                user.save()
                result.created_users += 1
            if user.pk in current:
                result.updated += current[user.pk] != role
            else:
                result.added += 1
            membership_set(department=department, user=user, role=role)
    return result


def _free_username(email: str) -> str:
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


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
