"""Posting scores to the LMS off the heartbeat request; retried with backoff while the platform
is unreachable or refuses."""

from celery import shared_task
from pylti1p3.exception import LtiServiceException
from requests import RequestException


@shared_task(autoretry_for=(LtiServiceException, RequestException), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def lti_scores_post_task(user_id: int, video_id: int) -> int:
    from .grades import grade_scores_post

    return grade_scores_post(user_id=user_id, video_id=video_id)
