"""The groups people are put in: PD leads author in the Wagtail admin, teachers only watch."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PD_LEADS = "PD leads"
TEACHERS = "Teachers"
PD_LEAD_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("videos", "add_video"),
    ("videos", "change_video"),
    ("videos", "view_video"),
]
PD_LEAD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("home.HomePage")

    pd_leads, _ = Group.objects.get_or_create(name=PD_LEADS)
    Group.objects.get_or_create(name=TEACHERS)
    for app_label, codename in PD_LEAD_MODEL_PERMISSIONS:
        pd_leads.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    home = HomePage.objects.get(depth=2, slug="home")
    for codename in PD_LEAD_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=pd_leads,
            page_id=home.pk,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[PD_LEADS, TEACHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("videos", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
