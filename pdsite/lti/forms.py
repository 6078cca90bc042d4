"""The Deep Linking picker: one clip (optionally a start–end range of it) or one PD module."""

from django import forms
from django.core.exceptions import ValidationError


class PickForm(forms.Form):
    item = forms.ChoiceField(label="Content", widget=forms.RadioSelect, error_messages={"required": "Choose a clip or a module."})
    start = forms.IntegerField(label="Start at (seconds)", min_value=0, required=False)
    end = forms.IntegerField(label="End at (seconds)", min_value=1, required=False)

    def __init__(self, *args, clips, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.clips = {str(page.pk): page for page in clips}
        self.modules = {str(page.pk): page for page in modules}
        self.fields["item"].choices = [(f"clip:{pk}", f"Clip: {page.title}") for pk, page in self.clips.items()] + [
            (f"module:{pk}", f"Module: {page.title}") for pk, page in self.modules.items()
        ]

    def clean(self):
        cleaned = super().clean()
        item, start, end = cleaned.get("item"), cleaned.get("start"), cleaned.get("end")
        if not item:
            return cleaned
        kind, pk = item.split(":", 1)
        cleaned["page"] = (self.clips if kind == "clip" else self.modules)[pk]
        cleaned["kind"] = kind
        if kind == "module" and (start is not None or end is not None):
            raise ValidationError("A range is for a clip only: clear Start and End to pick a module.")
        if kind == "clip":
            duration = cleaned["page"].video.duration if cleaned["page"].video else None
            if start is not None and end is not None and end <= start:
                self.add_error("end", "End must be after Start.")
            if duration and end is not None and end > duration:
                self.add_error("end", f"The clip is only {int(duration)} seconds long.")
        return cleaned
