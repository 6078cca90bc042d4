"""ViewingRecord moves here from courses, keeping its table (courses_viewingrecord) and rows.
State only; courses 0005 removes it from courses' state and moves its content type."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('courses', '0004_pathways_and_completion_threshold'),
        ('videos', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist (made by courses 0001-0004, kept under their names by
    # Meta.db_table): only the migration state moves, no SQL runs.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ViewingRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('watched_intervals', models.JSONField(default=list)),
                        ('watched_seconds', models.FloatField(default=0)),
                        ('coverage', models.FloatField(default=0, help_text='Unique seconds watched / duration, 0–1.')),
                        ('last_position', models.FloatField(default=0)),
                        ('completed_at', models.DateTimeField(blank=True, null=True)),
                        ('first_report_at', models.DateTimeField(auto_now_add=True)),
                        ('last_report_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='viewing_records', to=settings.AUTH_USER_MODEL)),
                        ('video', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='viewing_records', to='videos.video')),
                    ],
                    options={
                        'db_table': 'courses_viewingrecord',
                        'constraints': [models.UniqueConstraint(fields=('user', 'video'), name='one_viewing_record_per_user_video')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
