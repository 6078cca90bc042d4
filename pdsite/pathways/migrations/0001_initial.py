"""The induction models move here from courses, keeping their tables (courses_pathway,
courses_pathway_big_ideas, courses_pathway_principles, courses_pathwaystep, ...) and rows.
State only; courses 0005 removes them from courses' state and moves their content types."""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('courses', '0004_pathways_and_completion_threshold'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist (made by courses 0001-0004, kept under their names by
    # Meta.db_table): only the migration state moves, no SQL runs.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='InductionProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('ect_year', models.PositiveSmallIntegerField(choices=[(1, 'ECT year 1'), (2, 'ECT year 2')])),
                        ('start_date', models.DateField(help_text='Deadlines count from here.')),
                        ('induction_tutor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='tutees', to=settings.AUTH_USER_MODEL)),
                        ('mentor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='mentees', to=settings.AUTH_USER_MODEL)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='induction', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'courses_inductionprofile',
                    },
                ),
                migrations.CreateModel(
                    name='Pathway',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=255)),
                        ('slug', models.SlugField(max_length=100, unique=True)),
                        ('intro', models.TextField(blank=True)),
                        ('ect_year', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'ECT year 1'), (2, 'ECT year 2')], help_text='Enrol every ECT in this year of induction automatically (at most one pathway per year).', null=True, unique=True)),
                        ('big_ideas', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='pathways', to='courses.bigidea')),
                        ('principles', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='pathways', to='courses.essenceprinciple')),
                    ],
                    options={
                        'db_table': 'courses_pathway',
                        'ordering': ['title'],
                    },
                ),
                migrations.CreateModel(
                    name='Enrolment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start_date', models.DateField()),
                        ('source', models.CharField(choices=[('hand', 'Enrolled by hand'), ('role', 'Enrolled by ECT year')], default='hand', max_length=10)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to=settings.AUTH_USER_MODEL)),
                        ('pathway', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to='pathways.pathway')),
                    ],
                    options={
                        'db_table': 'courses_enrolment',
                    },
                ),
                migrations.CreateModel(
                    name='PathwayStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('kind', models.CharField(choices=[('watch', 'Watch a clip'), ('module', 'Complete a module'), ('reflection', 'Write a reflection'), ('task', 'Do a gap task'), ('meeting', 'Mentor meeting')], max_length=20)),
                        ('title', models.CharField(max_length=255)),
                        ('instructions', models.TextField(blank=True, help_text='The prompt for a reflection; what to do for a task.')),
                        ('start', models.FloatField(blank=True, help_text='Watch only from here (seconds); blank: the whole clip.', null=True)),
                        ('end', models.FloatField(blank=True, help_text='…to here (seconds).', null=True)),
                        ('due_week', models.PositiveSmallIntegerField(default=1, help_text="Due at the end of this week after the teacher's start date (week 1 = the first 7 days).", validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(104)])),
                        ('requires_previous', models.BooleanField(default=True, help_text='Can only be done once every earlier step is done.')),
                        ('clip', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pathway_steps', to='courses.pdvideopage')),
                        ('module', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pathway_steps', to='courses.pdmodulepage')),
                        ('pathway', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='pathways.pathway')),
                    ],
                    options={
                        'db_table': 'courses_pathwaystep',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='StepProgress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(blank=True, help_text="The reflection, or the task's note.")),
                        ('evidence', models.FileField(blank=True, max_length=500, upload_to='pathways/evidence/%Y/%m/')),
                        ('completed_at', models.DateTimeField()),
                        ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='step_progress', to='pathways.enrolment')),
                        ('step', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='pathways.pathwaystep')),
                    ],
                    options={
                        'db_table': 'courses_stepprogress',
                    },
                ),
                migrations.CreateModel(
                    name='MentorComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('progress', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='pathways.stepprogress')),
                    ],
                    options={
                        'db_table': 'courses_mentorcomment',
                        'ordering': ['created_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='enrolment',
                    constraint=models.UniqueConstraint(fields=('user', 'pathway'), name='one_enrolment_per_user_pathway'),
                ),
                migrations.AddConstraint(
                    model_name='stepprogress',
                    constraint=models.UniqueConstraint(fields=('enrolment', 'step'), name='one_progress_per_enrolment_step'),
                ),
            ],
            database_operations=[],
        ),
    ]
