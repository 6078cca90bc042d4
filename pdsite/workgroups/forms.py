"""Forms of the Work Group pages (rendered by departments/_form.html: labels, help, errors).
They parse; the services decide (a refusal comes back onto the form with `refuse`)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from pdsite.cycles.forms import DateInput, refuse  # noqa: F401  (refuse: re-exported for the views)
from pdsite.departments.forms import OnePersonChoiceField, datetime_field, member_users
from pdsite.departments.models import MANAGING_ROLES

from .models import Booking, FocusOption, Heading, Rating, Workshop

User = get_user_model()
UNDECIDED = "Decide at the first workshop"


class FocusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, focus):
        return f"Focus {focus.code}: {focus.title}"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class BookingForm(forms.Form):
    """Up to `places_per_school` people of the department (normally a pair), one of them lead."""

    def __init__(self, *args, work_group, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = range(1, work_group.places_per_school + 1)
        people = member_users(department)
        if work_group.is_community:  # a community's places are for the school's subject leaders
            people = people.filter(memberships__department=department, memberships__role__in=MANAGING_ROLES).distinct()
        foci = FocusOption.objects.filter(work_group=work_group)
        for n in self.slots:
            self.fields[f"participant_{n}"] = OnePersonChoiceField(
                queryset=people, required=n == 1, label=f"Participant {n}",
                empty_label="Choose someone" if n == 1 else "Nobody (one place only)",
            )
            self.fields[f"focus_{n}"] = FocusChoiceField(
                queryset=foci, required=False, label=f"Participant {n}'s focus", empty_label=UNDECIDED,
            )
            self.fields[f"dietary_{n}"] = forms.CharField(
                max_length=300, required=False, label=f"Participant {n}'s dietary needs"
            )
            self.fields[f"access_{n}"] = forms.CharField(
                max_length=300, required=False, label=f"Participant {n}'s access needs"
            )
        self.fields["lead"] = forms.TypedChoiceField(
            coerce=int, choices=[(n, f"Participant {n}") for n in self.slots], initial=1,
            widget=forms.RadioSelect, label="Lead participant",
            help_text="Normally the subject leader; they attend every workshop.",
        )

    def places(self):
        from .services import Place

        c = self.cleaned_data
        return [
            Place(user=c[f"participant_{n}"], is_lead=c["lead"] == n, focus=c[f"focus_{n}"],
                  dietary_needs=c[f"dietary_{n}"], access_needs=c[f"access_{n}"])
            for n in self.slots if c.get(f"participant_{n}")
        ]


class EndorseForm(forms.Form):
    endorser_name = forms.CharField(max_length=200, label="Name of the person endorsing")
    endorser_role = forms.ChoiceField(choices=Booking.Endorser.choices, label="Their role", widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label="They support these participants and will release them for every workshop", required=True
    )


class CancelBookingForm(forms.Form):
    confirm = forms.BooleanField(
        label="Cancel every place of this booking; the participants lose the group's space", required=True
    )


class WorkshopChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, workshop):
        return f"Workshop {workshop.number}, {workshop.date:%a %-d %b %Y}"


class GapTaskForm(forms.Form):
    title = forms.CharField(max_length=200)
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    before_workshop = WorkshopChoiceField(queryset=Workshop.objects.none(), label="Due before")

    def __init__(self, *args, work_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["before_workshop"].queryset = work_group.workshops.all()


class ShareChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, share):
        clip = f" ({share.start:.0f}s–{share.end:.0f}s)" if share.is_clip else ""
        return f"{share.recording.title}{clip}"


class SubmissionForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    file = forms.FileField(required=False, label="A file (optional)")
    share = ShareChoiceField(
        queryset=None, required=False, label="A lesson clip shared with the group", empty_label="None",
        help_text="Share a recording (or a clip of it) with this Work Group first; it then appears here.",
    )

    def __init__(self, *args, shares, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share"].queryset = shares


class PostForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Your message")


class PlanForm(forms.Form):
    before_workshop = WorkshopChoiceField(queryset=Workshop.objects.none(), label="Before")
    actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What the department will do",
        help_text="e.g. a department workshop on the Focus B sequencing task; two co-planned lessons.",
    )

    def __init__(self, *args, work_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["before_workshop"].queryset = work_group.workshops.all()


class RescheduleForm(forms.Form):
    date = forms.DateField(widget=DateInput())
    starts = forms.TimeField(widget=TimeInput(), label="Starts at")
    ends = forms.TimeField(widget=TimeInput(), label="Ends at")
    venue = forms.CharField(max_length=200, required=False)


class RatingsForm(forms.Form):
    """One score (1–4) and evidence per statement, grouped by heading in the template."""

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for s in self.statements:
            self.fields[f"score_{s.pk}"] = forms.TypedChoiceField(
                coerce=int, choices=Rating.SCALE, widget=forms.RadioSelect, label=s.text, required=False,
            )
            self.fields[f"evidence_{s.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}), required=False, label=f"Evidence: {s.text}",
            )

    def headings(self):
        for value, label in Heading.choices:
            rows = [(self[f"score_{s.pk}"], self[f"evidence_{s.pk}"]) for s in self.statements if s.heading == value]
            if rows:
                yield label, rows

    def answers(self) -> dict[int, tuple[int, str]]:
        c = self.cleaned_data
        found = {}
        for s in self.statements:
            score = c.get(f"score_{s.pk}")
            if score not in (None, ""):
                found[s.pk] = (score, c.get(f"evidence_{s.pk}", ""))
        if not found:
            raise ValidationError("Rate yourself against at least one statement.")
        return found


class FocusForm(forms.Form):
    focus = FocusChoiceField(queryset=FocusOption.objects.none(), required=False, empty_label=UNDECIDED, label="Focus")

    def __init__(self, *args, work_group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus"].queryset = work_group.foci.all()


class PlanWorkshopForm(forms.Form):
    starts_at = datetime_field(label="Department workshop starts at")
