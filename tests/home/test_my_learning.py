from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pdsite.pathways.models import StepProgress
from pdsite.pathways.services import enrolment_create
from pdsite.progress.models import ViewingRecord
from pdsite.progress.services import progress_record_heartbeat
from pdsite.videos.models import Video
from tests.factories.courses import PDVideoPageFactory
from tests.factories.pathways import PathwayFactory, PathwayStepFactory, days_ago
from tests.factories.videos import VideoFactory

URL = reverse("home:my_learning")


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_teacher_sees_continue_watching_with_resume_point(client, teacher, clip_library):
    page = PDVideoPageFactory(parent=clip_library, title="Counters and zero pairs", video__duration=50)
    progress_record_heartbeat(user=teacher, video=page.video, ranges=[[0, 10]], position=10)
    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert "Counters and zero pairs" in html
    assert "20 % watched" in html
    assert "resume at 0:10" in html
    assert f'{page.url}?t=10"' in html


def test_completed_clips_are_listed_with_their_date(client, teacher, clip_library):
    page = PDVideoPageFactory(parent=clip_library, title="Bar models", video__duration=10)
    progress_record_heartbeat(user=teacher, video=page.video, ranges=[[0, 10]])
    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert "Clips you have completed" in html
    assert timezone.localdate().strftime("%-d %b %Y") in html


def test_teacher_sees_only_their_own_progress(client, teacher, pd_lead, db):
    video = VideoFactory(status=Video.Status.READY, duration=50)
    progress_record_heartbeat(user=pd_lead, video=video, ranges=[[0, 10]])
    client.force_login(teacher)
    assert "watched any videos yet" in client.get(URL).content.decode()


def test_pathways_show_progress_next_step_and_certificate(client, teacher, clip_library):
    from pdsite.courses.models import BigIdea

    idea = BigIdea.objects.order_by("order").first()
    page = PDVideoPageFactory(parent=clip_library, title="Ratio tables", video__duration=50)
    page.big_ideas = [idea]
    page.save_revision().publish()
    ongoing = PathwayFactory(title="Year 2 pathway", slug="y2")
    PathwayStepFactory(pathway=ongoing, title="Design a task", kind="task", due_week=1)
    done = PathwayFactory(title="Year 1 pathway", slug="y1")
    step = PathwayStepFactory(pathway=done, kind="watch", clip=page, title="Watch it")
    enrolment_create(user=teacher, pathway=ongoing, start_date=days_ago(10))
    enrolment = enrolment_create(user=teacher, pathway=done, start_date=days_ago(10))
    StepProgress.objects.create(enrolment=enrolment, step=step, completed_at=timezone.now())
    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert "Year 2 pathway" in html and "Next: Design a task" in html and "overdue" in html
    assert "Pathways completed" in html and "Year 1 pathway" in html and idea.name in html


def test_query_count_is_constant_when_teacher_has_hundreds_of_records(
    client, teacher, clip_library, django_assert_max_num_queries
):
    client.force_login(teacher)
    few_pages = [PDVideoPageFactory(parent=clip_library, title=f"Clip {n}", video__duration=50) for n in range(2)]
    for page in few_pages:
        progress_record_heartbeat(user=teacher, video=page.video, ranges=[[0, 10]])
    pathway = PathwayFactory(slug="p")
    for n, page in enumerate(few_pages):
        PathwayStepFactory(pathway=pathway, kind="watch", clip=page, sort_order=n)
    enrolment_create(user=teacher, pathway=pathway, start_date=days_ago(3))

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    # Hundreds more records (watched and completed), without building hundreds of pages.
    now = timezone.now()
    videos = Video.objects.bulk_create(
        [Video(title=f"Bulk {n}", source="x.mp4", status=Video.Status.READY, duration=60) for n in range(300)]
    )
    ViewingRecord.objects.bulk_create(
        [
            ViewingRecord(
                user=teacher,
                video=video,
                watched_intervals=[[0, 30]],
                watched_seconds=30,
                coverage=0.5 if n % 2 else 1.0,
                last_position=30,
                completed_at=None if n % 2 else now - timedelta(days=n),
                last_report_at=now,
            )
            for n, video in enumerate(videos)
        ]
    )
    for n in range(20):
        PDVideoPageFactory(parent=clip_library, title=f"Later clip {n}", video__duration=50)
    with django_assert_max_num_queries(len(few)):
        html = client.get(URL).content.decode()
    assert "Bulk 299" in html or "Bulk 298" in html
