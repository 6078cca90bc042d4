"""The signed-token heartbeat path (progress/middleware.py): a valid token records without
session/CSRF work; anything wrong with it falls back to the session + CSRF path, which
refuses forged and cross-site reports."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pdsite.progress.heartbeat_tokens import heartbeat_token_issue
from pdsite.progress.models import ViewingRecord
from pdsite.videos.models import Video
from tests.factories.courses import PDVideoPageFactory
from tests.factories.users import UserFactory
from tests.factories.videos import VideoFactory

URL = reverse("progress:heartbeat")


@pytest.fixture
def video(db):
    """A READY video a live clip page shows (the only kind a teacher may report on)."""
    return PDVideoPageFactory(video__duration=60.0).video


@pytest.fixture
def signed_in(teacher):
    """A browser that enforces CSRF like a real one, signed in as `teacher`."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    return client


def token_for(client, user, video_id):
    return heartbeat_token_issue(user=user, video_id=video_id, session_key=client.session.session_key)


def report(client, token, video_id, ranges="[[0, 6]]", **extra):
    return client.post(URL, {"token": token, "video": video_id, "ranges": ranges, "position": "6", **extra})


def stored_seconds(user, video):
    record = ViewingRecord.objects.filter(user=user, video=video).first()
    return record.watched_seconds if record else 0.0


def test_valid_token_records_without_csrf_when_session_is_live(signed_in, teacher, video, django_assert_max_num_queries):
    token = token_for(signed_in, teacher, video.pk)
    report(signed_in, token, video.pk, "[[0, 5]]")
    # user+session+video+enrolment in one query, then the record: read, compare-and-set write
    with django_assert_max_num_queries(3):
        response = report(signed_in, token, video.pk, "[[0, 8]]")
    assert response.status_code == 200, response.content
    assert response.json()["watched_seconds"] == 8.0
    assert stored_seconds(teacher, video) == 8.0


def test_forged_token_is_ignored_and_refused_without_csrf_when_tampered(signed_in, teacher, video):
    token = token_for(signed_in, teacher, video.pk)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = report(signed_in, forged, video.pk)
    assert response.status_code == 403
    assert stored_seconds(teacher, video) == 0.0


def test_expired_token_is_refused_without_csrf_when_older_than_max_age(signed_in, teacher, video, settings):
    token = token_for(signed_in, teacher, video.pk)
    settings.PDSITE_HEARTBEAT_TOKEN_MAX_AGE = -1
    response = report(signed_in, token, video.pk)
    assert response.status_code == 403
    assert stored_seconds(teacher, video) == 0.0


def test_expired_token_still_records_when_csrf_token_is_sent_too(signed_in, teacher, video, settings):
    """The player sends both: an expired token costs the full path, never the report."""
    token = token_for(signed_in, teacher, video.pk)
    settings.PDSITE_HEARTBEAT_TOKEN_MAX_AGE = -1
    signed_in.get("/")
    csrf = signed_in.cookies["csrftoken"].value
    response = report(signed_in, token, video.pk, csrfmiddlewaretoken=csrf)
    assert response.status_code == 200
    assert stored_seconds(teacher, video) == 6.0


def test_logout_revokes_the_token_when_old_session_cookie_is_replayed(signed_in, teacher, video):
    token = token_for(signed_in, teacher, video.pk)
    old_session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    signed_in.logout()
    signed_in.cookies[settings.SESSION_COOKIE_NAME] = old_session
    response = report(signed_in, token, video.pk)
    assert response.status_code == 403
    assert stored_seconds(teacher, video) == 0.0


def test_password_change_revokes_the_token_when_reported_after(signed_in, teacher, video):
    token = token_for(signed_in, teacher, video.pk)
    teacher.set_password("a-new-long-passphrase")
    teacher.save()
    response = report(signed_in, token, video.pk)
    assert response.status_code == 403
    assert stored_seconds(teacher, video) == 0.0


def test_other_users_token_is_refused_when_used_with_my_session(signed_in, teacher, video):
    other = UserFactory(username="other-teacher")
    other_client = Client()
    other_client.force_login(other)
    token = token_for(other_client, other, video.pk)
    response = report(signed_in, token, video.pk)  # my session cookie, their token
    assert response.status_code == 403
    assert stored_seconds(other, video) == 0.0 and stored_seconds(teacher, video) == 0.0


def test_token_for_one_video_is_refused_when_posted_for_another(signed_in, teacher, video):
    second = VideoFactory(status=Video.Status.READY, duration=60.0)
    token = token_for(signed_in, teacher, video.pk)
    response = report(signed_in, token, second.pk)
    assert response.status_code == 403
    assert stored_seconds(teacher, second) == 0.0


def test_token_without_session_cookie_is_refused_when_anonymous(teacher, video, db):
    issuer = Client()
    issuer.force_login(teacher)
    token = token_for(issuer, teacher, video.pk)
    response = report(Client(enforce_csrf_checks=True), token, video.pk)
    assert response.status_code == 403


def test_token_for_another_user_field_is_refused_when_user_is_forged(signed_in, teacher, pd_lead, video):
    token = token_for(signed_in, teacher, video.pk)
    response = report(signed_in, token, video.pk, user=str(pd_lead.pk))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "ranges, status, reason",
    [
        ("[[-5, 2]]", 400, "start"),
        ("[[0, 6000]]", 400, "only 60"),
        ("not json", 400, "Send video"),
    ],
)
def test_token_report_keeps_the_service_rules_when_ranges_are_bad(signed_in, teacher, video, ranges, status, reason):
    response = report(signed_in, token_for(signed_in, teacher, video.pk), video.pk, ranges)
    assert response.status_code == status
    assert reason in response.json()["error"]
    assert stored_seconds(teacher, video) == 0.0


def test_token_for_unknown_video_gets_404_when_reported(signed_in, teacher, db):
    response = report(signed_in, token_for(signed_in, teacher, 987654), 987654)
    assert response.status_code == 404


def test_token_caps_future_seconds_when_report_claims_more_than_wall_time(signed_in, teacher, video):
    response = report(signed_in, token_for(signed_in, teacher, video.pk), video.pk, "[[0, 60]]")
    assert response.status_code == 200
    assert stored_seconds(teacher, video) <= settings.PDSITE_HEARTBEAT_SLACK_SECONDS + 1


def test_no_token_is_issued_when_nobody_is_signed_in(video, rf):
    from django.contrib.auth.models import AnonymousUser

    assert heartbeat_token_issue(user=AnonymousUser(), video_id=video.pk, session_key="x") == ""
    assert heartbeat_token_issue(user=None, video_id=video.pk, session_key=None) == ""


def test_clip_page_gives_the_player_a_token_that_records_when_posted_like_the_player(signed_in, teacher, clip_library):
    import html as html_lib
    import re


    page = PDVideoPageFactory(parent=clip_library, title="Token clip", video__duration=60.0)
    html = signed_in.get(page.url).content.decode()
    token = html_lib.unescape(re.search(r'data-token="([^"]+)"', html).group(1))
    response = report(signed_in, token, page.video_id)  # no CSRF token: the signed token suffices
    assert response.status_code == 200, response.content
    assert stored_seconds(teacher, page.video) == 6.0


def test_clip_page_gives_no_token_when_visitor_is_anonymous(client, clip_library):

    page = PDVideoPageFactory(parent=clip_library, title="Token clip", video__duration=60.0)
    assert "data-token" not in client.get(page.url).content.decode()


def test_token_path_completes_at_the_pages_threshold_when_it_is_lower(signed_in, teacher, clip_library):

    short = VideoFactory(status=Video.Status.READY, duration=20.0)
    PDVideoPageFactory(parent=clip_library, title="Short clip", video=short, completion_threshold=0.6)
    response = report(signed_in, token_for(signed_in, teacher, short.pk), short.pk, "[[0, 12]]")
    assert response.status_code == 200
    assert response.json()["completed"] is True  # 12 of 20 s passes 0.6, not the 0.9 default


def test_token_path_does_not_complete_below_the_default_threshold_when_no_page_lowers_it(signed_in, teacher):
    short = PDVideoPageFactory(video__duration=20.0).video
    response = report(signed_in, token_for(signed_in, teacher, short.pk), short.pk, "[[0, 12]]")
    assert response.json()["completed"] is False


def test_token_path_still_refreshes_pathway_steps_when_teacher_is_enrolled(
    signed_in, teacher, clip_library, django_capture_on_commit_callbacks
):
    """The enrolment check rides on the token query; the receiver must still enqueue."""
    from pdsite.pathways.models import PathwayStep, StepProgress
    from pdsite.pathways.services import enrolment_create
    from tests.factories.pathways import PathwayFactory, PathwayStepFactory, days_ago

    video = VideoFactory(status=Video.Status.READY, duration=40.0)
    clip = PDVideoPageFactory(parent=clip_library, title="Ratio tables", slug="ratio-tables", video=video)
    pathway = PathwayFactory(slug="range")
    step = PathwayStepFactory(pathway=pathway, kind=PathwayStep.Kind.WATCH, clip=clip, start=0, end=10, sort_order=0)
    enrolment_create(user=teacher, pathway=pathway, start_date=days_ago(0))
    with django_capture_on_commit_callbacks(execute=True):
        response = report(signed_in, token_for(signed_in, teacher, video.pk), video.pk, "[[0, 11]]")
    assert response.status_code == 200
    assert StepProgress.objects.filter(step=step, enrolment__user=teacher).exists()
