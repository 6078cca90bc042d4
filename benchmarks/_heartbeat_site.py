"""The site side of the heartbeat benchmark, run in a subprocess against the benchmark's
own PostgreSQL database (the harness process is set up on SQLite):

``python -m benchmarks._heartbeat_site setup TEACHERS VIDEOS`` migrates, creates the
teachers (each signed in: a session row, as the login view would make, and the signed
heartbeat token a clip page would give the player for each video) and READY videos, each
shown by a live clip page (a video no live page shows answers 404), and prints them as JSON. ``python -m benchmarks._heartbeat_site dump`` prints every viewing
record's stored intervals as JSON.
"""

import json
import os
import random
import sys


def _setup(teachers: int, videos: int) -> dict:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.core.management import call_command

    from pdsite.courses.models import ClipLibraryPage, PDVideoPage
    from pdsite.home.models import HomePage
    from pdsite.progress.heartbeat_tokens import heartbeat_token_issue
    from pdsite.videos.models import Video

    call_command("migrate", interactive=False, verbosity=0)
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench-teacher-{n}", password="!unusable") for n in range(teachers)]
    )
    rng = random.Random(7)
    made = Video.objects.bulk_create(
        [
            Video(title=f"Bench clip {n}", source="bench.mp4", status=Video.Status.READY, duration=rng.choice([150.0, 240.5, 300.0, 421.25]))
            for n in range(videos)
        ]
    )
    library = HomePage.objects.get().add_child(instance=ClipLibraryPage(title="Bench clips", slug="bench-clips"))
    for video in made:
        library.add_child(instance=PDVideoPage(title=video.title, slug=f"bench-clip-{video.pk}", video=video))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        # The backend that authenticates (axes comes first in AUTHENTICATION_BACKENDS, but only
        # refuses locked-out sign-ins; it cannot load a user).
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save(must_create=True) if hasattr(session, "create") and settings.SESSION_ENGINE.endswith(".db") else session.save()
        # The signed heartbeat token each clip page would hand its player (one per video).
        tokens = {str(v.pk): heartbeat_token_issue(user=user, video_id=v.pk, session_key=session.session_key) for v in made}
        sessions.append({"id": user.pk, "session": session.session_key, "tokens": tokens})
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "teachers": sessions,
        "videos": [{"id": v.pk, "duration": v.duration} for v in made],
    }


def _dump() -> list:
    from pdsite.progress.models import ViewingRecord

    return [
        {"user": user, "video": video, "intervals": watched, "seconds": seconds}
        for user, video, watched, seconds in ViewingRecord.objects.values_list(
            "user_id", "video_id", "watched_intervals", "watched_seconds"
        )
    ]


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdsite.settings.production")
    django.setup()
    if argv[0] == "setup":
        print(json.dumps(_setup(int(argv[1]), int(argv[2]))))
    elif argv[0] == "dump":
        print(json.dumps(_dump()))
    else:
        raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
