"""Forms that parse what the comment panel posts (the services decide what is allowed)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from pdsite.courses.models import BigIdea, EssencePrinciple

from .models import Comment, Ittecf

CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$|^(\d+(?:\.\d+)?)$")


def parse_clock(text: str) -> float:
    """"12:34" -> 754.0; "1:02:03" -> 3723.0; "75" or "75.5" -> seconds."""
    match = CLOCK.match((text or "").strip())
    if not match:
        raise ValidationError("Enter the moment as minutes:seconds, for example 1:05.")
    hours, minutes, seconds, plain = match.groups()
    if plain is not None:
        return float(plain)
    if float(seconds) >= 60:
        raise ValidationError("Seconds go up to 59, for example 1:59.")
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


class ClockField(forms.Field):
    """A moment typed as a clock ("1:05"), cleaned to seconds. Not a CharField: its length
    validator would run on the float."""

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if len(str(value)) > 12:
            raise ValidationError("Enter the moment as minutes:seconds, for example 1:05.")
        return parse_clock(str(value))


class TagFields(forms.Form):
    big_ideas = forms.ModelMultipleChoiceField(queryset=BigIdea.objects.all(), required=False)
    principles = forms.ModelMultipleChoiceField(queryset=EssencePrinciple.objects.all(), required=False)
    ittecf = forms.ChoiceField(choices=[("", "None"), *Ittecf.choices], required=False)


class CommentForm(TagFields):
    kind = forms.ChoiceField(choices=Comment.Kind.choices)
    start = ClockField()
    end = ClockField(required=False)
    # The services say what an empty body means; the form lets it through to them.
    body = forms.CharField(required=False, strip=True)
    audience = forms.ChoiceField(choices=Comment.Audience.choices)
    department = forms.IntegerField(required=False)
    share = forms.IntegerField(required=False)


class ReplyForm(forms.Form):
    body = forms.CharField(required=False, strip=True)


class EditForm(forms.Form):
    kind = forms.ChoiceField(choices=Comment.Kind.choices)
    body = forms.CharField(required=False, strip=True)
