"""What the services share: the length rule for the text people type."""

from django.core.exceptions import ValidationError


TEXT_MAX = 5000


def _text(value: str, field: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Write {what}."})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: f"Keep it under {TEXT_MAX} characters (this has {len(value)})."})
    return value
