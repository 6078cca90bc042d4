"""An index for school uptake over a term (departments.selectors.uptake; issue #17): the
term's records by last_report_at with the columns the statement reads, so it is answered
from the index. Records never reported on are left out. No row changes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0003_viewingrecord_revision'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='viewingrecord',
            index=models.Index(
                condition=models.Q(('last_report_at__isnull', False)),
                fields=['last_report_at', 'user', 'video', 'watched_seconds', 'completed_at'],
                name='viewingrecord_uptake_idx',
            ),
        ),
    ]
