"""The five Big Ideas and the ten Essence principles exist on every site from the start.
Their text is editable in the admin afterwards; this only creates missing rows."""

from django.db import migrations

BIG_IDEAS = [
    ("coherence", "Coherence", "Small connected steps, one key point at a time, ordered so each idea prepares the next."),
    (
        "representation-structure",
        "Representation and Structure",
        "Well-chosen models such as the bar model or number line expose the structure, until pupils no longer need them.",
    ),
    (
        "mathematical-thinking",
        "Mathematical Thinking",
        "Pupils notice patterns, conjecture, reason and generalise rather than only receiving methods.",
    ),
    (
        "fluency",
        "Fluency",
        "Quick, accurate and flexible recall of facts and procedures, which frees working memory for new ideas.",
    ),
    (
        "variation",
        "Variation",
        "Change some features and keep others fixed so the structure stands out: practice that makes pupils think.",
    ),
]

PRINCIPLES = [
    (1, "underpinning", "everyone-can-learn", "Everyone can learn and enjoy maths", "There are no 'maths people': every pupil can succeed and enjoy the subject."),
    (2, "underpinning", "learning-behaviours", "Learning behaviours", "Pupils attend, engage, reason and look for connections."),
    (3, "underpinning", "specialist-knowledge", "Teachers keep developing specialist knowledge", "Teachers deepen their subject and pedagogical knowledge together."),
    (4, "underpinning", "coherent-curriculum", "Coherent curriculum", "A detailed sequence of essential content builds long-term progression."),
    (5, "lesson_design", "small-steps", "Build from prior learning in small steps", "Each new idea is reachable by every pupil from what they already know."),
    (6, "lesson_design", "examples-and-representations", "Examples and representations expose structure", "Examples and models are chosen to make connections visible."),
    (7, "lesson_design", "concepts-and-procedures", "Concepts and procedures grow together", "Understanding and fluency support each other."),
    (8, "lesson_design", "purposeful-practice", "Purposeful practice", "Practice that builds fluency and deepens understanding, with key facts to automaticity."),
    (9, "classroom", "whole-class-together", "Whole class together", "Everyone works on the same maths; quick graspers go deeper, not faster."),
    (10, "classroom", "spot-and-act-early", "Spot and act early", "Gaps are caught in the lesson and addressed before the next one."),
]


def create(apps, schema_editor):
    BigIdea = apps.get_model("courses", "BigIdea")
    EssencePrinciple = apps.get_model("courses", "EssencePrinciple")
    for order, (slug, name, summary) in enumerate(BIG_IDEAS, start=1):
        BigIdea.objects.get_or_create(slug=slug, defaults={"name": name, "summary": summary, "order": order})
    for order, group, slug, title, summary in PRINCIPLES:
        EssencePrinciple.objects.get_or_create(
            order=order, defaults={"group": group, "slug": slug, "title": title, "summary": summary}
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_curriculum_ideas_and_pages")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
