"""Each moment records its transcript's caption language (issue 18: Welsh and other caption
languages get their own search entries); existing moments take their transcript's."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_languages(apps, schema_editor):
    SearchMoment = apps.get_model("pdsite_search", "SearchMoment")
    Transcript = apps.get_model("videos", "Transcript")
    language = Transcript.objects.filter(pk=OuterRef("transcript_id")).values("language")[:1]
    SearchMoment.objects.update(language=Subquery(language))


class Migration(migrations.Migration):
    dependencies = [("pdsite_search", "0004_spelling_vocabularies")]

    operations = [
        migrations.AddField(model_name="searchmoment", name="language", field=models.CharField(default="en", max_length=10)),
        migrations.RunPython(copy_languages, migrations.RunPython.noop),
    ]
