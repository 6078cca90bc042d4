"""The cycle templates, as data: for each kind of cycle, its ordered steps.

One cycle, three shapes (issue #14, "Cycles"; DOMAIN.md §4; the seeds):
- lesson study: research focus → co-planned lesson → teach and record → observers' comments →
  post-lesson discussion → revised plan → reteach;
- Teacher Research Group (TRG, from Shanghai): the host sets the context and names the key and
  difficult points before the lesson; the group plans and watches the same lesson and meets
  straight after to refine it, feeding ideas forward. There is no separate observers' step (the
  group comments in the discussion) and no reteach inside the cycle;
- ECT observation: led by the ECT's mentor, its meetings and reflection linked to the ECT's
  induction pathway steps.

Pure data, no ORM: models.py takes its choices from here and services.cycle_create makes the
steps. `owner` names who a step falls to by default ("lead": whoever starts the cycle; "ect",
"mentor"); `due_days` counts from the cycle's start; `fields` are the step's own form fields
beyond owner, due date and notes; `pathway_kind` is the PathwayStep.Kind value a step is linked to.
"""

from dataclasses import dataclass


class Kind:
    """The kinds of cycle (Cycle.kind)."""

    LESSON_STUDY = "lesson_study"
    TRG = "trg"
    ECT_OBSERVATION = "ect_observation"

    choices = [
        (LESSON_STUDY, "Lesson study"),
        (TRG, "Teacher research group (TRG)"),
        (ECT_OBSERVATION, "ECT observation"),
    ]


# The step-specific fields (CycleStep columns) a step's form may show.
PLAN = ("plan_notes", "unit", "small_step")
RECORDING = ("recording",)
POINTS = ("key_points", "difficult_points")
REVISED = ("revised_plan_notes",)
DISCUSSION = ("discussion",)  # the workshop record (date, room, agenda with moments)

STEP_KINDS = [
    ("research_focus", "Research focus"),
    ("host_points", "Key and difficult points"),
    ("pre_meeting", "Pre-observation meeting"),
    ("co_plan", "Co-planned lesson"),
    ("teach", "Teach and record"),
    ("observe", "Observers' comments"),
    ("discussion", "Post-lesson discussion"),
    ("revise", "Revised plan"),
    ("reteach", "Reteach"),
    ("reflect", "Reflection and next steps"),
]


@dataclass(frozen=True)
class StepDefinition:
    kind: str
    title: str
    owner: str = "lead"
    due_days: int = 7
    fields: tuple[str, ...] = ()
    help: str = ""
    pathway_kind: str = ""


TEMPLATES: dict[str, tuple[StepDefinition, ...]] = {
    Kind.LESSON_STUDY: (
        StepDefinition("research_focus", "Agree the research focus", due_days=7,
                       help="What do we want to find out about pupils' learning? Write it as a question."),
        StepDefinition("co_plan", "Co-plan the research lesson", due_days=14, fields=PLAN,
                       help="Plan together: the unit, the small step, the task, what you expect pupils to do."),
        StepDefinition("teach", "Teach and record the research lesson", due_days=21, fields=RECORDING,
                       help="The teacher records the lesson and attaches the recording; observers watch for the focus."),
        StepDefinition("observe", "Observers' comments at moments", due_days=24,
                       help="Observers comment at moments of the recording, about pupils' thinking."),
        StepDefinition("discussion", "Post-lesson discussion", due_days=28, fields=DISCUSSION,
                       help="A meeting whose agenda points to moments of the recording."),
        StepDefinition("revise", "Revise the lesson plan", due_days=35, fields=REVISED,
                       help="What will change, and why, from what the group saw."),
        StepDefinition("reteach", "Reteach the revised lesson", due_days=42, fields=RECORDING,
                       help="Teach the revised lesson (another class or colleague); record it if you wish."),
    ),
    Kind.TRG: (
        StepDefinition("host_points", "Host sets the context, key points and difficult points", due_days=7,
                       fields=POINTS,
                       help="Before the lesson the host names the key point pupils should learn and where they "
                       "will find it difficult."),
        StepDefinition("co_plan", "Plan the research lesson together", due_days=14, fields=PLAN),
        StepDefinition("teach", "Teach the research lesson (watched and recorded)", due_days=21, fields=RECORDING),
        StepDefinition("discussion", "Structured post-lesson discussion", due_days=21, fields=DISCUSSION,
                       help="Straight after the lesson: the maths, and what pupils learnt at the key and "
                       "difficult points."),
        StepDefinition("revise", "Feed ideas forward into the next lesson", due_days=28, fields=REVISED),
    ),
    Kind.ECT_OBSERVATION: (
        StepDefinition("pre_meeting", "Pre-observation meeting: agree the focus", owner="mentor", due_days=7,
                       pathway_kind="meeting"),
        StepDefinition("co_plan", "ECT plans the lesson", owner="ect", due_days=10, fields=PLAN),
        StepDefinition("teach", "Teach and record the observed lesson", owner="ect", due_days=14, fields=RECORDING),
        StepDefinition("observe", "Mentor's comments at moments", owner="mentor", due_days=17),
        StepDefinition("discussion", "Post-observation discussion", owner="mentor", due_days=21, fields=DISCUSSION,
                       pathway_kind="meeting"),
        StepDefinition("reflect", "ECT's reflection and next steps", owner="ect", due_days=28, fields=REVISED,
                       pathway_kind="reflection"),
    ),
}

# Days after the last step's due date that a cycle ends by default.
END_MARGIN_DAYS = 7


def template_for(kind: str) -> tuple[StepDefinition, ...]:
    """The ordered steps of `kind`; KeyError for a kind that has no template."""
    return TEMPLATES[kind]


def default_length_days(kind: str) -> int:
    return max(step.due_days for step in TEMPLATES[kind]) + END_MARGIN_DAYS


def definition(kind: str, step_kind: str) -> StepDefinition | None:
    """The definition of the step `step_kind` in cycles of `kind` (None: not in that template)."""
    return next((step for step in TEMPLATES.get(kind, ()) if step.kind == step_kind), None)
