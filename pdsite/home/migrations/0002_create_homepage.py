"""Replace Wagtail's placeholder welcome page with our HomePage and point the Site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="Maths PD",
        draft_title="Maths PD",
        slug="home",
        content_type=homepage_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=Locale.objects.order_by("pk").first().pk,
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page_id": homepage.pk, "site_name": "pdsite"}
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
