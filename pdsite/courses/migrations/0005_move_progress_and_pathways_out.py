"""ViewingRecord and the induction models leave courses' state (progress 0001 and pathways
0001 took them over; their tables and rows stay as they are), and their content types move
with them, so permissions granted to groups and users, Wagtail log entries and reference
index rows that point at these models keep pointing at them."""

from django.conf import settings
from django.db import migrations

MOVED = {
    "viewingrecord": "progress",
    "pathway": "pathways",
    "pathwaystep": "pathways",
    "inductionprofile": "pathways",
    "enrolment": "pathways",
    "stepprogress": "pathways",
    "mentorcomment": "pathways",
}


def _move_content_type(apps, *, model: str, old_label: str, new_label: str) -> None:
    """Relabel the content type (its id, so everything pointing at it, is kept). If one
    already exists under the new label (create_permissions ran between the two state moves),
    its permissions' grants are carried over to the old row's and it is dropped first."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    GroupPermission = apps.get_model("auth", "Group").permissions.through
    UserPermission = apps.get_model(settings.AUTH_USER_MODEL).user_permissions.through
    old = ContentType.objects.filter(app_label=old_label, model=model).first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=new_label, model=model).first()
    if new is not None:
        kept = {p.codename: p for p in Permission.objects.filter(content_type=old)}
        for permission in Permission.objects.filter(content_type=new):
            target = kept.get(permission.codename)
            if target is None:
                permission.content_type = old
                permission.save(update_fields=["content_type"])
                continue
            for group_id in GroupPermission.objects.filter(permission=permission).values_list("group_id", flat=True):
                GroupPermission.objects.get_or_create(group_id=group_id, permission=target)
            for user_id in UserPermission.objects.filter(permission=permission).values_list(
                UserPermission._meta.get_field("user").attname, flat=True
            ):
                UserPermission.objects.get_or_create(user_id=user_id, permission=target)
            permission.delete()
        new.delete()
    old.app_label = new_label
    old.save(update_fields=["app_label"])


def move_content_types(apps, schema_editor):
    for model, label in MOVED.items():
        _move_content_type(apps, model=model, old_label="courses", new_label=label)
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()


def move_content_types_back(apps, schema_editor):
    for model, label in MOVED.items():
        _move_content_type(apps, model=model, old_label=label, new_label="courses")
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0004_pathways_and_completion_threshold"),
        ("progress", "0001_initial"),
        ("pathways", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # Dependants first, so the state never holds a dangling reference.
            state_operations=[
                migrations.DeleteModel(name="MentorComment"),
                migrations.DeleteModel(name="StepProgress"),
                migrations.DeleteModel(name="Enrolment"),
                migrations.DeleteModel(name="PathwayStep"),
                migrations.DeleteModel(name="InductionProfile"),
                migrations.DeleteModel(name="Pathway"),
                migrations.DeleteModel(name="ViewingRecord"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
