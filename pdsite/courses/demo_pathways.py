"""Demo induction: the two ECT pathways of DOMAIN.md §8 and an ECT, a second-year ECT, their
mentor and induction tutor. Idempotent (looked up by slug / username). Called from seed_demo
after the clips exist; watch steps whose clip was not seeded (--small) are left out."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from pdsite.pathways.models import Pathway, PathwayStep
from pdsite.pathways.services import induction_profile_save

from .models import BigIdea, EssencePrinciple, PDVideoPage

# username, password, full name
DEMO_INDUCTION_LOGINS = [
    ("ect", "ect-demo-pass", "Ella Carter"),
    ("ect2", "ect2-demo-pass", "Noah Patel"),
    ("mentor", "mentor-demo-pass", "Sam Mensah"),
    ("tutor", "tutor-demo-pass", "Grace Liu"),
]

W, M, R, T, MEET = (PathwayStep.Kind.WATCH, PathwayStep.Kind.MODULE, PathwayStep.Kind.REFLECTION,
                    PathwayStep.Kind.TASK, PathwayStep.Kind.MEETING)

# slug, title, ect_year, intro, Big Idea slugs, principle orders, steps:
# (kind, title, instructions, clip slug or None, (start, end) or None, due week)
PATHWAYS = [
    (
        "ect-year-1-multiplicative-reasoning",
        "ECT year 1: multiplicative reasoning",
        1,
        "Mirrors SKTM Phase 1: how pupils come to see quantities multiplicatively, and how "
        "representations and careful task design help.",
        ["representation-structure", "coherence"],
        [5, 6],
        [
            (W, "Introduction: same amount, three names", "Watch the opening of this clip: it sets up the year.",
             "same-amount-three-names", (0, 12), 1),
            (W, "Unit 5: hundred squares to percentages", "", "hundred-squares-to-percentages", None, 2),
            (W, "Unit 7: ratio tables and double number lines", "", "ratio-tables-and-double-number-lines", None, 2),
            (W, "Unit 7: sharing from a part or the whole", "", "sharing-from-a-part-or-the-whole", None, 3),
            (T, "Analyse one lesson's key point and difficult point",
             "Pick a lesson you teach this week. Write its key point and its difficult point, and how you "
             "will expose the difficult point. Attach your plan or add a note.", None, None, 3),
            (MEET, "Mentor meeting: key and difficult points",
             "Weekly meeting. Bring your analysis; your mentor confirms the meeting here.", None, None, 4),
            (R, "Reflection and action plan", "What will you try, with which class, by when?", None, None, 4),
            (T, "Observe a colleague's ratio lesson",
             "Watch for one representation and how pupils use it. Note what you saw.", None, None, 6),
            (R, "Follow-up reflection", "What happened when you tried it? What will you change next time?",
             None, None, 7),
        ],
    ),
    (
        "ect-year-2-sequences-and-graphs",
        "ECT year 2: sequences and graphical representations",
        2,
        "Mirrors SKTM Phase 2: from sequences to straight-line graphs, designing tasks that vary one "
        "feature at a time.",
        ["mathematical-thinking", "variation", "coherence"],
        [3, 5],
        [
            (W, "Unit 1: linear or not? Sequences as graphs", "", "linear-or-not-sequences-as-graphs", None, 1),
            (W, "Unit 10: from sequences to y = mx + c", "", "from-sequences-to-y-equals-mx-plus-c", None, 2),
            (T, "Task design: vary one feature",
             "Design a short exercise where only one feature changes from question to question. "
             "Attach it, and note what the variation should draw attention to.", None, None, 3),
            (MEET, "Co-plan one lesson with your mentor",
             "Fortnightly meeting: co-plan a sequences or graphs lesson.", None, None, 4),
            (T, "Teach it and collect work samples", "Teach the co-planned lesson; attach two or three work samples.",
             None, None, 6),
            (R, "Impact evidence",
             "What changed in pupils' work (L4), and in their results (L5)? What is your evidence?", None, None, 8),
        ],
    ),
]


def _user(username: str, password: str, full_name: str):
    User = get_user_model()
    first, _, last = full_name.partition(" ")
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    if created:
        user.set_password(password)
        user.save()
        teachers = Group.objects.filter(name="Teachers").first()
        if teachers:
            user.groups.add(teachers)
    return user


@transaction.atomic
def seed_demo_pathways() -> list[tuple[str, str, str]]:
    """Create the pathways and the demo induction people; return the logins (username,
    password, role) for seed_demo to print."""
    for slug, title, ect_year, intro, ideas, principles, steps in PATHWAYS:
        if Pathway.objects.filter(slug=slug).exists():
            continue
        pathway = Pathway(slug=slug, title=title, ect_year=ect_year, intro=intro)
        pathway.big_ideas = list(BigIdea.objects.filter(slug__in=ideas))
        pathway.principles = list(EssencePrinciple.objects.filter(order__in=principles))
        clips = {c.slug: c for c in PDVideoPage.objects.filter(slug__in=[s[3] for s in steps if s[3]])}
        pathway.steps = [
            PathwayStep(
                kind=kind,
                title=step_title,
                instructions=instructions,
                clip=clips.get(clip_slug),
                start=clip_range[0] if clip_range else None,
                end=min(clip_range[1], clips[clip_slug].video.duration or clip_range[1]) if clip_range else None,
                due_week=week,
            )
            for kind, step_title, instructions, clip_slug, clip_range, week in steps
            if not clip_slug or clip_slug in clips
        ]
        pathway.save()

    people = {username: _user(username, password, name) for username, password, name in DEMO_INDUCTION_LOGINS}
    start = timezone.localdate() - datetime.timedelta(weeks=2)
    for username, year in (("ect", 1), ("ect2", 2)):
        induction_profile_save(
            user=people[username],
            ect_year=year,
            start_date=start,
            mentor=people["mentor"],
            induction_tutor=people["tutor"],
        )
    roles = {"ect": "ECT year 1", "ect2": "ECT year 2", "mentor": "mentor of both", "tutor": "induction tutor"}
    return [(username, password, roles[username]) for username, password, _ in DEMO_INDUCTION_LOGINS]
