"""Caption languages: the setting, one track and transcript list per approved language, and
each language's captions served under the same rule as the main language's."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from pdsite.videos.models import Transcript
from pdsite.videos.pipeline.vtt import parse_vtt
from pdsite.videos.transcripts import services as transcripts
from pdsite.videos.transcripts.languages import UnknownLanguage, language_name, parse_languages
from pdsite.videos.transcripts.selectors import caption_tracks

WELSH = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nTynnwch fodel bar yn gyntaf.\n"
UNKNOWN = 999_999


def test_the_setting_is_read_in_order_with_spaces_allowed():
    assert list(parse_languages(" en:English , cy:Cymraeg,pt-BR:Português ").items()) == [
        ("en", "English"), ("cy", "Cymraeg"), ("pt-BR", "Português")
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [("en:English,cymraeg", "'cymraeg' is not code:Name"), ("en:English,EN1:x", "not code:Name"),
     ("en:English,cy:", "not code:Name"), ("en:English,en:Saesneg", "names 'en' twice"), (" , ", "names no language")],
)
def test_a_malformed_setting_is_refused_with_the_entry_named(value, words):
    with pytest.raises(ImproperlyConfigured, match=words):
        parse_languages(value)


def test_an_unknown_language_is_named_with_the_ones_offered(settings):
    settings.PDSITE_CAPTION_LANGUAGES = "en:English,cy:Cymraeg"
    assert language_name("cy") == "Cymraeg"
    with pytest.raises(UnknownLanguage, match=r"'fr' is not one of .*en \(English\), cy \(Cymraeg\)"):
        language_name("fr")


def render(video, user, path="/"):
    request = RequestFactory().get(path)
    request.user, request.session = user, {}
    template = engines["django"].from_string("{% load pdsite_video pdsite_transcript %}{% video_player video %}"
                                             "{% interactive_transcript video %}")
    return template.render({"video": video, "request": request}, request)


def welsh_draft(video, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_import(video=video, vtt_text=WELSH, language="cy", approve=False)
    return Transcript.objects.get(video=video, language="cy")


@pytest.mark.slow
def test_a_language_is_a_track_only_once_approved(ready_video, teacher, pd_lead, django_capture_on_commit_callbacks):
    draft = welsh_draft(ready_video, django_capture_on_commit_callbacks)
    assert draft.needs_review
    assert caption_tracks(video=ready_video) == [("en", "English")]
    html = render(ready_video, teacher)
    assert 'srclang="cy"' not in html and "Tynnwch" not in html and "Caption language" not in html

    with django_capture_on_commit_callbacks(execute=True):
        transcripts.transcript_approve(transcript=draft, user=pd_lead)
    assert caption_tracks(video=ready_video) == [("en", "English"), ("cy", "Cymraeg")]
    html = render(ready_video, teacher)
    assert f'src="{reverse("videos:captions", args=[ready_video.pk, "cy"])}" srclang="cy" label="Cymraeg">' in html
    assert 'srclang="en" label="English" default>' in html
    assert '<option value="cy" lang="cy">Cymraeg</option>' in html
    assert '<div class="transcript__language" lang="cy" data-transcript-language="cy" hidden>' in html


@pytest.mark.slow
def test_lang_in_the_address_opens_that_language(ready_video, teacher, pd_lead, django_capture_on_commit_callbacks):
    transcripts.transcript_import(video=ready_video, vtt_text=WELSH, language="cy", user=pd_lead)
    html = render(ready_video, teacher, "/?t=0&lang=cy")
    assert 'srclang="cy" label="Cymraeg" default>' in html
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in html
    assert '<div class="transcript__language" lang="cy" data-transcript-language="cy">' in html
    assert '<div class="transcript__language" lang="en" data-transcript-language="en" hidden>' in html
    # A language the video lacks falls back to the first track.
    assert 'srclang="en" label="English" default>' in render(ready_video, teacher, "/?lang=fr")


@pytest.mark.slow
def test_each_language_is_served_under_the_captions_rule(video_page, ready_video, teacher, sign_in, client, pd_lead,
                                                         django_capture_on_commit_callbacks):
    draft = welsh_draft(ready_video, django_capture_on_commit_callbacks)
    url = reverse("videos:captions", args=[ready_video.pk, "cy"])
    assert client.get(url).status_code in (302, 403)  # signed out: as for English captions
    viewer = sign_in(teacher)
    assert viewer.get(url).status_code == 404  # a draft is no track yet
    transcripts.transcript_approve(transcript=draft, user=pd_lead)
    response = viewer.get(url)
    assert response.status_code == 200
    assert [c.text for c in parse_vtt(response.content.decode())] == ["Tynnwch fodel bar yn gyntaf."]
    for language in ("fr", "cy"):  # unknown language, unknown video: the same 404
        assert viewer.get(reverse("videos:captions", args=[UNKNOWN, language])).status_code == 404
    assert viewer.get(reverse("videos:captions", args=[ready_video.pk, "fr"])).status_code == 404


def test_the_editor_refuses_an_unknown_language_naming_the_offered_ones(client, pd_lead, db):
    from tests.factories.videos import VideoFactory

    client.force_login(pd_lead)
    video = VideoFactory()
    for name in ("edit", "approve", "upload"):
        url = reverse(f"videos_transcripts:{name}", args=[video.pk, "fr"])
        response = (client.get if name == "edit" else client.post)(url, follow=True)
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("videos_transcripts:index")
        assert "No transcript was opened. &#x27;fr&#x27; is not one of this site&#x27;s caption languages" in html
    assert not Transcript.objects.filter(language="fr").exists()
