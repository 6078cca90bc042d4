"""PD leads may edit the maths synonym list (and reach it in the admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ("add_searchsynonym", "change_searchsynonym", "delete_searchsynonym", "view_searchsynonym")


def grant(apps, schema_editor):
    create_permissions(apps.get_app_config("pdsite_search"), apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name="PD leads").first()
    if group is None:
        return
    for codename in CODENAMES:
        group.permissions.add(Permission.objects.get(content_type__app_label="pdsite_search", codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("pdsite_search", "0002_database_full_text_and_synonyms"),
        ("home", "0003_create_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
