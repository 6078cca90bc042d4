"""Forms for cycles: starting one, changing its dates and group, and one form per step that
shows only the fields its template gives it (rendered by departments/_form.html: labels,
help and per-field errors)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from pdsite.courses.models import UnitPage
from pdsite.departments.forms import (
    OnePersonChoiceField,
    PersonChoiceField,
    agenda_text,
    datetime_field,
    member_users,
    parse_agenda,
)
from pdsite.lessons.models import Recording
from pdsite.pathways.models import PathwayStep

from .access import ects_user_may_observe
from .templates import Kind

User = get_user_model()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(**kwargs) -> forms.DateField:
    return forms.DateField(widget=DateInput(), **kwargs)


class CycleForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. “Y8 ratio tables: sharing from the whole”.")
    research_focus = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Research focus",
        help_text="The question about pupils' learning the group wants to answer.",
    )
    starts_on = date_field(label="Starts on")
    ends_on = date_field(
        label="Ends on", required=False,
        help_text="Leave blank to follow the template. Lesson recordings of the cycle are deleted the school's "
        "retention days after this.",
    )
    participants = PersonChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="The group",
        help_text="Colleagues in the department who plan, watch and discuss the lesson with you.",
    )

    def __init__(self, *args, department, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = member_users(department).exclude(pk=user.pk)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The cycle must end on or after the day it starts.")
        return data


class CycleCreateForm(CycleForm):
    """Starting a cycle of one kind; an ECT observation also names the ECT and their mentor."""

    ect = OnePersonChoiceField(queryset=User.objects.none(), label="Early career teacher", required=False)
    mentor = OnePersonChoiceField(
        queryset=User.objects.none(), required=False, help_text="Leave blank for the ECT's mentor."
    )

    def __init__(self, *args, department, user, kind, **kwargs):
        super().__init__(*args, department=department, user=user, **kwargs)
        self.kind = kind
        if kind == Kind.ECT_OBSERVATION:
            self.fields["ect"].queryset = ects_user_may_observe(user, department).order_by("last_name", "username")
            self.fields["ect"].required = True
            self.fields["mentor"].queryset = member_users(department)
        else:
            del self.fields["ect"], self.fields["mentor"]


class CycleEditForm(CycleForm):
    ends_on = date_field(label="Ends on")

    @staticmethod
    def initial_for(cycle) -> dict:
        return {
            "title": cycle.title, "research_focus": cycle.research_focus, "starts_on": cycle.starts_on,
            "ends_on": cycle.ends_on, "participants": list(cycle.participants.values_list("pk", flat=True)),
        }


class StepForm(forms.Form):
    """The owner, due date and notes of a step, and the fields its template adds."""

    owner = OnePersonChoiceField(queryset=User.objects.none(), required=False, help_text="Who makes this step happen.")
    due_on = date_field(label="Due on", required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    plan_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Lesson plan",
        help_text="The task, key questions, representations, what you expect pupils to say and do.",
    )
    unit = forms.ModelChoiceField(queryset=UnitPage.objects.none(), required=False, label="Unit")
    small_step = forms.CharField(max_length=200, required=False, label="Small step")
    key_points = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Key points",
        help_text="Set by the host before the lesson: what pupils should learn.",
    )
    difficult_points = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Difficult points",
        help_text="Set by the host before the lesson: where pupils will find it hard.",
    )
    revised_plan_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Revised plan",
        help_text="What changes, and why, from what the group saw.",
    )
    recording = forms.ModelChoiceField(
        queryset=Recording.objects.none(), required=False, label="Your lesson recording",
        help_text="Only you can attach your recording. It stays private: share it with the group from its page.",
    )
    discussion_starts_at = datetime_field(label="Discussion starts at", required=False)
    discussion_place = forms.CharField(max_length=200, required=False, label="Room")
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text="One item per line, minutes first. Point at a moment of the lesson with @ and the time, "
        "e.g. “10 Pupils' first bar models @12:05”.",
    )
    pathway_step = forms.ModelChoiceField(
        queryset=PathwayStep.objects.none(), required=False, label="Induction pathway step",
        help_text="The step of the ECT's pathway this evidences.",
    )

    def __init__(self, *args, step, user, **kwargs):
        kwargs.setdefault("initial", self.initial_for(step))
        super().__init__(*args, **kwargs)
        self.step = step
        cycle = step.cycle
        self.fields["owner"].queryset = cycle.participants.order_by("last_name", "first_name", "username")
        wanted = {"owner", "due_on", "notes", *step.fields}
        if "discussion" in step.fields:
            wanted |= {"discussion_starts_at", "discussion_place", "agenda"}
        if cycle.ect_id:
            wanted.add("pathway_step")
            self.fields["pathway_step"].queryset = PathwayStep.objects.filter(
                pathway__enrolments__user_id=cycle.ect_id
            ).select_related("pathway").order_by("pathway__title", "sort_order")
        # Another teacher's recording stays as it is: only its owner attaches or detaches it.
        if "recording" in wanted and step.recording is not None and step.recording.owner_id != user.pk:
            wanted.discard("recording")
        self.fields["recording"].queryset = Recording.objects.filter(owner=user, department=cycle.department)
        self.fields["unit"].queryset = UnitPage.objects.live().order_by("title")
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]

    @staticmethod
    def initial_for(step) -> dict:
        initial = {
            name: getattr(step, name)
            for name in ("owner", "due_on", "notes", "plan_notes", "unit", "small_step", "key_points",
                         "difficult_points", "revised_plan_notes", "recording", "pathway_step")
        }
        if step.workshop is not None:
            initial.update(
                discussion_starts_at=step.workshop.starts_at, discussion_place=step.workshop.place,
                agenda=agenda_text(step.workshop),
            )
        return initial

    def clean_agenda(self):
        return parse_agenda(self.cleaned_data.get("agenda", ""))

    def clean(self):
        data = super().clean()
        if "agenda" in self.fields and data.get("agenda") and not data.get("discussion_starts_at"):
            self.add_error("discussion_starts_at", "Give the day and time of the discussion to save its agenda.")
        return data

    def step_changes(self) -> dict:
        """The step's own fields, for services.step_update."""
        skip = {"recording", "discussion_starts_at", "discussion_place", "agenda"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}

    def recording_changed(self) -> bool:
        return "recording" in self.fields and self.cleaned_data.get("recording") != self.step.recording

    def discussion(self) -> dict | None:
        """The discussion's date, room and agenda, when given (for services.discussion_save)."""
        if "agenda" not in self.fields or not self.cleaned_data.get("discussion_starts_at"):
            return None
        return {
            "starts_at": self.cleaned_data["discussion_starts_at"],
            "place": self.cleaned_data.get("discussion_place", ""),
            "agenda": self.cleaned_data.get("agenda") or [],
        }


def refuse(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field where it names fields."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
