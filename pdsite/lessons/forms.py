"""Forms of the recordings pages: recording a lesson (class context and consent), sharing a
recording or a clip of it, and a school's recording policy. They parse; the services in
lessons/services.py decide what is allowed (rendered by departments/_form.html)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from pdsite.courses.models import UnitPage

from .audiences import audience_choices, audience_kinds
from .models import MAX_RETENTION_DAYS, Share, YearGroup


CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$|^(\d+(?:\.\d+)?)$")
CLOCK_HELP = "Enter the moment as minutes:seconds, for example 1:05."


class ClockField(forms.Field):
    """A moment typed as a clock ("12:05", "1:02:03", or seconds), cleaned to seconds. (The
    comment panel's own field is feedback's; feedback imports lessons, so not the reverse.)"""

    def to_python(self, value):
        text = (value or "").strip() if isinstance(value, str) else str(value or "")
        if text in self.empty_values:
            return None
        match = CLOCK.match(text) if len(text) <= 12 else None
        if not match:
            raise ValidationError(CLOCK_HELP)
        hours, minutes, seconds, plain = match.groups()
        if plain is not None:
            return float(plain)
        if float(seconds) >= 60:
            raise ValidationError("Seconds go up to 59, for example 1:59.")
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecordForm(forms.Form):
    """The class context of a lesson and the teacher's confirmation of the school's consent
    statement. The file itself goes up through the resumable upload (upload.js), which posts
    these fields when every byte has arrived."""

    title = forms.CharField(max_length=200, help_text="e.g. “Y8 ratio tables: sharing from the whole”.")
    year_group = forms.TypedChoiceField(choices=[("", "Choose…"), *YearGroup.choices], coerce=int, label="Year group")
    unit = forms.ModelChoiceField(queryset=UnitPage.objects.none(), required=False, label="Unit")
    small_step = forms.CharField(max_length=200, required=False, label="Small step")
    lesson_focus = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Lesson focus",
        help_text="What you would like colleagues to look at.",
    )
    recorded_on = forms.DateField(widget=DateInput(), label="Date of the lesson")
    consent = forms.BooleanField(
        label="I confirm the recording follows the school's consent statement above.",
        error_messages={"required": "Confirm the school's consent statement to record this lesson."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"recorded_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitPage.objects.live().order_by("title")

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        if day > timezone.localdate():
            raise ValidationError("The lesson cannot be in the future.")
        return day


def _audience_value(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


class ShareForm(forms.Form):
    """Who to share with (one of `audience_choices(owner)`), the whole recording or a clip
    (m:ss to m:ss), to view or to comment, until an optional date."""

    WHOLE, CLIP = "whole", "clip"

    audience = forms.ChoiceField(label="Share with")
    scope = forms.ChoiceField(
        choices=[(WHOLE, "The whole recording"), (CLIP, "A clip")], widget=forms.RadioSelect, initial=WHOLE,
        label="What to share",
    )
    start = ClockField(required=False, label="Clip from", help_text="minutes:seconds, e.g. 12:05")
    end = ClockField(required=False, label="Clip to", help_text="minutes:seconds, e.g. 12:25")
    permission = forms.ChoiceField(
        choices=Share.Permission.choices, widget=forms.RadioSelect, initial=Share.Permission.VIEW, label="They may"
    )
    ends_on = forms.DateField(
        widget=DateInput(), required=False, label="Until",
        help_text="Optional: the share ends at the end of this day. You can revoke it at any time.",
    )

    def __init__(self, *args, owner, duration: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.duration = duration
        labels = {kind.kind: kind.label for kind in audience_kinds()}
        choices = audience_choices(owner)
        # People by their names (a user row's str() is the username), in one query.
        people = get_user_model().objects.in_bulk([pk for kind, pk, _ in choices if kind == "user"])
        groups: dict[str, list] = {}
        for kind, pk, label in choices:
            if kind == "user" and pk in people:
                label = people[pk].get_full_name() or label
            groups.setdefault(labels.get(kind, kind), []).append((_audience_value(kind, pk), label))
        self.fields["audience"].choices = [("", "Choose…"), *groups.items()]
        self.fields["start"].widget.attrs.update({"inputmode": "numeric", "placeholder": "m:ss"})
        self.fields["end"].widget.attrs.update({"inputmode": "numeric", "placeholder": "m:ss"})

    def clean_audience(self):
        kind, _, pk = self.cleaned_data["audience"].partition(":")
        return kind, int(pk)

    def clean_ends_on(self):
        day = self.cleaned_data.get("ends_on")
        if day and day < timezone.localdate():
            raise ValidationError("Choose today or a later day, or leave it blank.")
        return day

    def clean(self):
        data = super().clean()
        if data.get("scope") != self.CLIP:
            data["start"] = data["end"] = None
            return data
        start, end = data.get("start"), data.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", "Give the moment the clip starts, as minutes:seconds.")
        if end is None and "end" not in self.errors:
            self.add_error("end", "Give the moment the clip ends, as minutes:seconds.")
        if start is not None and end is not None:
            if end <= start:
                self.add_error("end", "The clip must end after it starts.")
            elif self.duration and start >= self.duration:
                self.add_error("start", "The clip must start before the recording ends.")
        return data

    def ends_at(self) -> datetime.datetime | None:
        """The end of the chosen day, in the site's time zone (None: no end)."""
        day = self.cleaned_data.get("ends_on")
        if not day:
            return None
        return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


class PolicyForm(forms.Form):
    consent_statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Consent statement",
        help_text="What a teacher confirms before uploading a lesson (parents informed, pupils who may not be "
        "filmed…). Leave it empty and nobody at the school can record.",
    )
    retention_days = forms.IntegerField(
        min_value=1, max_value=MAX_RETENTION_DAYS, label="Keep recordings for (days)",
        help_text=f"Days after the end of the recording's cycle (or after the lesson). At most {MAX_RETENTION_DAYS}.",
    )
