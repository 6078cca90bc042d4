"""Who a share can be with: the registry of audience kinds.

A Share names its audience by kind and id (`audience_kind`, `audience_id`). This module holds
the kinds: pdsite's own three — one person, a department team, a whole department — and the
ones other apps register from their AppConfig.ready() (pdsite.cycles: a lesson-study group;
pdsite.workgroups: a Work Group). Each kind answers four questions:

- `ids_for(user)`: the audiences of this kind `user` belongs to *now* (so someone who leaves a
  team stops seeing what was shared with it at once);
- `members(audience_id)`: the people in one audience (for notifications and the share list);
- `label_for(audience_id)`: how the owner's share list names it;
- `choices_for(owner)`: the audiences of this kind the owner may share with (rows with `.pk`
  and a str()).

Access (lessons/access.py) asks only `audiences_for(user)`: one Q over Share, built from every
kind's ids, so adding a kind never adds a code path to the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from pdsite.departments.models import Department, Membership, Team


@dataclass(frozen=True)
class AudienceKind:
    kind: str
    label: str
    ids_for: Callable[[object], Iterable[int]]
    members: Callable[[int], QuerySet]
    label_for: Callable[[int], str]
    choices_for: Callable[[object], Iterable]


_KINDS: dict[str, AudienceKind] = {}


def audience_register(kind: str, label: str, *, ids_for, members, label_for, choices_for) -> None:
    """Add (or replace: ready() may run twice in tests) an audience kind."""
    _KINDS[kind] = AudienceKind(kind, label, ids_for, members, label_for, choices_for)


def audience_kinds() -> list[AudienceKind]:
    return list(_KINDS.values())


def audience_kind(kind: str) -> AudienceKind | None:
    return _KINDS.get(kind)


def audiences_for(user) -> Q:
    """Shares whose audience includes `user`, as a filter on Share. Nothing for anonymous."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    reach = Q(pk__in=[])
    for kind in _KINDS.values():
        ids = list(kind.ids_for(user))
        if ids:
            reach |= Q(audience_kind=kind.kind, audience_id__in=ids)
    return reach


def audience_members(kind: str, audience_id: int) -> QuerySet:
    found = _KINDS.get(kind)
    return found.members(audience_id) if found else get_user_model().objects.none()


def audience_label(kind: str, audience_id: int) -> str:
    found = _KINDS.get(kind)
    return found.label_for(audience_id) if found else "An audience that no longer exists"


def audience_choices(owner) -> list[tuple[str, int, str]]:
    """Every audience `owner` may share with, as (kind, id, label), kind by kind."""
    return [(kind.kind, row.pk, str(row)) for kind in _KINDS.values() for row in kind.choices_for(owner)]


# pdsite's own kinds. A person or team is offered from the owner's departments only.


def _owner_departments(owner) -> QuerySet:
    return Department.objects.filter(memberships__user=owner).distinct()


def _user_label(user_id: int) -> str:
    user = get_user_model().objects.filter(pk=user_id).first()
    return (user.get_full_name() or user.get_username()) if user else "Someone who has left"


def _user_choices(owner) -> QuerySet:
    User = get_user_model()
    return (
        User.objects.filter(memberships__department__in=_owner_departments(owner), is_active=True)
        .exclude(pk=owner.pk)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _row_label(model, noun: str) -> Callable[[int], str]:
    def label(audience_id: int) -> str:
        row = model.objects.filter(pk=audience_id).first()
        return str(row) if row else f"A {noun} that no longer exists"

    return label


audience_register(
    "user",
    "A person",
    ids_for=lambda user: [user.pk],
    members=lambda audience_id: get_user_model().objects.filter(pk=audience_id, is_active=True),
    label_for=_user_label,
    choices_for=_user_choices,
)
audience_register(
    "team",
    "A team",
    ids_for=lambda user: Team.objects.filter(members=user).values_list("pk", flat=True),
    members=lambda audience_id: get_user_model().objects.filter(department_teams__pk=audience_id),
    label_for=_row_label(Team, "team"),
    choices_for=lambda owner: Team.objects.filter(department__in=_owner_departments(owner)).order_by("name"),
)
audience_register(
    "department",
    "A department",
    ids_for=lambda user: Membership.objects.filter(user=user).values_list("department_id", flat=True),
    members=lambda audience_id: get_user_model().objects.filter(memberships__department_id=audience_id),
    label_for=_row_label(Department, "department"),
    choices_for=lambda owner: _owner_departments(owner).order_by("name"),
)
