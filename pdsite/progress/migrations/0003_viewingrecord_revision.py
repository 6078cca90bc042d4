"""The heartbeat's compare-and-set counter (services.progress_record_heartbeat). A new column
with a default: every existing row keeps its intervals, seconds and coverage."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0002_credit_window'),
    ]

    operations = [
        migrations.AddField(
            model_name='viewingrecord',
            name='revision',
            field=models.PositiveBigIntegerField(default=0),
        ),
    ]
