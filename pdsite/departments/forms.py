"""Forms for heads of department (members, teams, workshops, assignments) and for accepting an
invitation: plain HTML controls with labels, help and per-field errors."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from pdsite.courses.models import PDModulePage, PDVideoPage

from .models import Assignment, Role, Team, Workshop
from .services.assignments import Target
from .services.workshops import WorkshopData

User = get_user_model()
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def datetime_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(widget=LocalDateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"], **kwargs)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class OnePersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def member_users(department):
    return User.objects.filter(memberships__department=department).order_by("last_name", "first_name", "username")


def live_clips():
    return PDVideoPage.objects.live().filter(video__isnull=False).select_related("video").order_by("title")


class MemberAddForm(forms.Form):
    person = forms.CharField(
        label="Username or email",
        max_length=254,
        help_text="Someone already in your school: their username or email. Anyone else: their email address, "
        "and they are sent an invitation.",
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        initial=Role.TEACHER,
        help_text="Only an administrator or a head of department in your school makes someone head of department "
        "or PD lead.",
    )

    def clean_person(self):
        return self.cleaned_data["person"].strip()


class MemberRemoveForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = member_users(department)


class InvitationSignUpForm(UserCreationForm):
    """A new account for the invited address: the email is the invitation's, not typed."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args, invitation, **kwargs):
        initial = {"first_name": invitation.first_name, "last_name": invitation.last_name, **kwargs.pop("initial", {})}
        super().__init__(*args, instance=User(email=invitation.email), initial=initial, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].help_text = "You sign in with it. Letters, digits and @ . + - _ only."
        self.fields["password1"].help_text = (
            "At least 8 characters; not only digits, not a common password, not like your name or email."
        )


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, first_name, last_name, role (header line first). Nothing is imported if any row is wrong.",
    )

    MAX_BYTES = 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file is larger than 1 MB; split it into smaller files.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError("The file is not UTF-8 text; save it as “CSV UTF-8” and try again.") from error


class TeamForm(forms.Form):
    name = forms.CharField(max_length=120)
    members = PersonChoiceField(queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.fields["members"].queryset = member_users(department)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Team.objects.filter(department=self.department, name__iexact=name).exists():
            raise ValidationError(f"There is already a team called “{name}”.")
        return name


AGENDA_LINE = re.compile(r"^\s*(\d{1,3})\s*(?:min(?:ute)?s?)?\s*[,:\-–]?\s*(.+?)\s*$")


def parse_agenda(text: str) -> list[tuple[int, str]]:
    """One item per line, minutes first: "15 Do the maths together". Raises with line numbers."""
    items, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = AGENDA_LINE.match(line)
        if not match or not 1 <= int(match.group(1)) <= 240:
            errors.append(f"Line {number}: start with the minutes (1–240), then the item, e.g. “15 Do the maths together”.")
            continue
        items.append((int(match.group(1)), match.group(2)[:200]))
    if errors:
        raise ValidationError(errors)
    return items


def agenda_text(workshop: Workshop) -> str:
    return "\n".join(f"{block.value['minutes']} {block.value['title']}" for block in workshop.agenda)


class TargetFieldsMixin:
    """Shared validation of a clip range (start/end in seconds)."""

    def _range(self, clip, start, end) -> Target:
        target = Target(kind=Assignment.Kind.CLIP_RANGE, clip=clip, start_seconds=start, end_seconds=end)
        try:
            target.check()
        except ValidationError as error:
            self.add_error("range_end" if "range_end" in self.fields else "end_seconds", error)
        return target


class WorkshopForm(TargetFieldsMixin, forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Workshop.Kind.choices, label="Kind of session")
    starts_at = datetime_field(label="Starts at")
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=10, max_value=480, initial=60)
    place = forms.CharField(max_length=200, required=False, label="Room")
    link = forms.URLField(required=False, label="Meeting link (when online)", assume_scheme="https")
    facilitator = OnePersonChoiceField(queryset=User.objects.none(), required=False)
    attendees = PersonChoiceField(queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False)
    clips = forms.ModelMultipleChoiceField(
        queryset=PDVideoPage.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        label="Pre-viewing clips",
    )
    modules = forms.ModelMultipleChoiceField(
        queryset=PDModulePage.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        label="Pre-viewing modules",
    )
    range_clip = forms.ModelChoiceField(
        queryset=PDVideoPage.objects.none(), required=False, label="Part of a clip (optional)"
    )
    range_start = forms.IntegerField(min_value=0, required=False, label="From second")
    range_end = forms.IntegerField(min_value=1, required=False, label="To second")
    due_at = datetime_field(
        required=False, label="Pre-viewing due", help_text="Leave blank for 48 hours before the workshop."
    )
    pre_task = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Pre-task")
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="One item per line, minutes first, e.g. “15 Do the maths together”.",
    )

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        people = member_users(department)
        self.fields["facilitator"].queryset = people
        self.fields["attendees"].queryset = people
        self.fields["clips"].queryset = live_clips()
        self.fields["range_clip"].queryset = live_clips()
        self.fields["modules"].queryset = PDModulePage.objects.live().order_by("title")

    def clean_agenda(self):
        return parse_agenda(self.cleaned_data.get("agenda", ""))

    def clean(self):
        cleaned = super().clean()
        starts_at, due_at = cleaned.get("starts_at"), cleaned.get("due_at")
        if starts_at and due_at and due_at > starts_at:
            self.add_error("due_at", "Pre-viewing must be due before the workshop starts.")
        clip, start, end = cleaned.get("range_clip"), cleaned.get("range_start"), cleaned.get("range_end")
        cleaned["range_target"] = None
        if clip or start is not None or end is not None:
            if clip is None:
                self.add_error("range_clip", "Choose the clip the part comes from.")
            else:
                cleaned["range_target"] = self._range(clip, start, end)
        return cleaned

    def to_data(self) -> WorkshopData:
        c = self.cleaned_data
        targets = [Target(kind=Assignment.Kind.CLIP, clip=clip) for clip in c["clips"]]
        targets += [Target(kind=Assignment.Kind.MODULE, module=module) for module in c["modules"]]
        if c.get("range_target"):
            targets.append(c["range_target"])
        return WorkshopData(
            title=c["title"],
            kind=c["kind"],
            starts_at=c["starts_at"],
            duration_minutes=c["duration_minutes"],
            place=c["place"],
            link=c["link"],
            pre_task=c["pre_task"],
            agenda=c["agenda"],
            facilitator=c["facilitator"],
            attendees=list(c["attendees"]),
            pre_viewing=targets,
            due_at=c["due_at"],
        )

    @classmethod
    def initial_for(cls, workshop: Workshop) -> dict:
        items = list(workshop.pre_viewing.all())
        ranged = next((a for a in items if a.kind == Assignment.Kind.CLIP_RANGE), None)
        return {
            "title": workshop.title,
            "kind": workshop.kind,
            "starts_at": workshop.starts_at,
            "duration_minutes": workshop.duration_minutes,
            "place": workshop.place,
            "link": workshop.link,
            "facilitator": workshop.facilitator_id,
            "attendees": list(workshop.attendee_rows.values_list("user_id", flat=True)),
            "clips": [a.clip_id for a in items if a.kind == Assignment.Kind.CLIP],
            "modules": [a.module_id for a in items if a.kind == Assignment.Kind.MODULE],
            "range_clip": ranged.clip_id if ranged else None,
            "range_start": int(ranged.start_seconds) if ranged else None,
            "range_end": int(ranged.end_seconds) if ranged else None,
            "due_at": workshop.pre_viewing_due_at,
            "pre_task": workshop.pre_task,
            "agenda": agenda_text(workshop),
        }


class AssignmentForm(TargetFieldsMixin, forms.Form):
    kind = forms.ChoiceField(choices=Assignment.Kind.choices, widget=forms.RadioSelect, initial=Assignment.Kind.CLIP,
                             label="What to watch")
    clip = forms.ModelChoiceField(queryset=PDVideoPage.objects.none(), required=False,
                                  help_text="For a clip, or part of a clip.")
    start_seconds = forms.IntegerField(min_value=0, required=False, label="From second (part of a clip)")
    end_seconds = forms.IntegerField(min_value=1, required=False, label="To second (part of a clip)")
    module = forms.ModelChoiceField(queryset=PDModulePage.objects.none(), required=False)
    audience = forms.ChoiceField(
        choices=[c for c in Assignment.Audience.choices if c[0] != Assignment.Audience.WORKSHOP],
        widget=forms.RadioSelect, initial=Assignment.Audience.DEPARTMENT, label="Who for",
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    people = PersonChoiceField(queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
                               label="Chosen people")
    due_at = datetime_field(label="Due")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clip"].queryset = live_clips()
        self.fields["module"].queryset = PDModulePage.objects.live().order_by("title")
        self.fields["team"].queryset = Team.objects.filter(department=department)
        self.fields["people"].queryset = member_users(department)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Assignment.Kind.MODULE:
            if not cleaned.get("module"):
                self.add_error("module", "Choose a module.")
            cleaned["target"] = Target(kind=kind, module=cleaned.get("module"))
        elif kind:
            if not cleaned.get("clip"):
                self.add_error("clip", "Choose a clip.")
                return cleaned
            if kind == Assignment.Kind.CLIP_RANGE:
                cleaned["target"] = self._range(cleaned["clip"], cleaned.get("start_seconds"), cleaned.get("end_seconds"))
            else:
                cleaned["target"] = Target(kind=kind, clip=cleaned["clip"])
        audience = cleaned.get("audience")
        if audience == Assignment.Audience.TEAM and not cleaned.get("team"):
            self.add_error("team", "Choose a team.")
        if audience == Assignment.Audience.INDIVIDUALS and not cleaned.get("people"):
            self.add_error("people", "Choose at least one person.")
        return cleaned


class FollowUpForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Did you try it? What happened?",
        max_length=5000,
    )
