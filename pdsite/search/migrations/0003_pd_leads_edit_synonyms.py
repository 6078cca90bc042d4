"""PD leads may edit the maths synonym list (and reach it in the admin)."""

from django.db import migrations

CODENAMES = ("add_searchsynonym", "change_searchsynonym", "delete_searchsynonym", "view_searchsynonym")


def grant(apps, schema_editor):
    # Permissions are normally made after migrate; this migration needs them now.
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="pdsite_search", model="searchsynonym")
    group = Group.objects.filter(name="PD leads").first()
    for codename in CODENAMES:
        action = codename.split("_")[0]
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {action} search synonym"}
        )
        if group is not None:
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("pdsite_search", "0002_database_full_text_and_synonyms"),
        ("home", "0003_create_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
