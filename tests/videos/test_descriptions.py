"""Audio description as text (issue #18): the editor beside the transcript's, the WebVTT
descriptions track the player speaks, and who may read or write them."""

import pytest
from django.urls import reverse

from pdsite.videos.descriptions import services as descriptions
from pdsite.videos.descriptions.admin import pauses_from_form
from pdsite.videos.descriptions.selectors import Description, description_languages
from pdsite.videos.models import DescriptionCue, DescriptionTrack, Video
from pdsite.videos.pipeline.vtt import Cue, parse_vtt, render_vtt
from pdsite.videos.transcripts.editing import CueErrors
from tests.factories.videos import VideoFactory


@pytest.fixture
def video(db):
    return VideoFactory(status=Video.Status.READY, title="Bar models")


def edit_url(video, language="en"):
    return reverse("videos_transcripts:descriptions", args=[video.pk, language])


def track_url(video, language="en"):
    return reverse("videos:descriptions", args=[video.pk, language])


def cue_form(*cues):
    """Rows as the editor posts them: a hidden "0" per row, then "1" when its pause box is ticked."""
    pauses = []
    for cue in cues:
        pauses += ["0", "1"] if len(cue) > 3 and cue[3] else ["0"]
    return {"start": [c[0] for c in cues], "end": [c[1] for c in cues], "text": [c[2] for c in cues], "pause": pauses}


def saved(video):
    return list(DescriptionCue.objects.filter(track__video=video).values_list("text", "extended"))


def test_the_editor_saves_cues_with_their_pauses_and_the_track_serves_them(client, pd_lead, video):
    client.force_login(pd_lead)
    assert "no audio description in English yet" in client.get(edit_url(video)).content.decode()
    response = client.post(
        edit_url(video),
        cue_form(("1", "3", "A bar of three equal parts is drawn."), ("4", "5", "Two parts are shaded.", True)),
    )
    assert response.status_code == 302
    assert saved(video) == [("A bar of three equal parts is drawn.", False), ("Two parts are shaded.", True)]
    html = client.get(edit_url(video)).content.decode()
    assert "2 cues" in html and 'name="pause" value="1" data-field="pause" checked' in html

    response = client.get(track_url(video))  # a PD lead sees every library video
    assert response.status_code == 200 and response["Content-Type"].startswith("text/vtt")
    text = response.content.decode()
    assert "1\n00:00:01.000 --> 00:00:03.000\nA bar of three equal parts is drawn." in text
    assert "extended-2\n00:00:04.000 --> 00:00:05.000\nTwo parts are shaded." in text
    assert [c.text for c in parse_vtt(text)] == ["A bar of three equal parts is drawn.", "Two parts are shaded."]


def test_bad_cues_are_shown_per_cue_and_nothing_is_saved(client, pd_lead, video):
    descriptions.descriptions_save(video=video, language="en", cues=[Description(0, 2, "Kept.")], user=pd_lead)
    client.force_login(pd_lead)
    response = client.post(edit_url(video), cue_form(("0", "2", "One."), ("1", "3", "Overlaps.", True)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "before the cue above ends" in html and "were not saved" in html
    assert 'href="#cue-2-text"' in html and "checked" in html  # the row comes back as typed, pause and all
    assert saved(video) == [("Kept.", False)]


def test_saving_no_cues_removes_the_description(client, pd_lead, video):
    descriptions.descriptions_save(video=video, language="en", cues=[Description(0, 2, "Gone soon.")], user=pd_lead)
    assert video.has_descriptions
    client.force_login(pd_lead)
    response = client.post(edit_url(video), {})
    assert response.status_code == 302 and not DescriptionTrack.objects.exists()
    assert not video.has_descriptions
    assert client.get(track_url(video)).status_code == 404


def test_the_service_refuses_invalid_cues_and_changes_nothing(video, pd_lead):
    descriptions.descriptions_save(video=video, language="en", cues=[Description(0, 2, "Kept.")], user=pd_lead)
    with pytest.raises(CueErrors) as problem:
        descriptions.descriptions_save(
            video=video, language="en", cues=[Description(0, 2, "One."), Description(3, 2, "Backwards.")], user=pd_lead
        )
    assert problem.value.errors == {1: ["The cue must end after it starts."]}
    assert saved(video) == [("Kept.", False)]


def test_languages_follow_the_sites_order_and_a_language_it_does_not_offer_is_refused(client, pd_lead, video):
    for language in ("cy", "en"):
        descriptions.descriptions_save(video=video, language=language, cues=[Description(0, 1, "Text.")], user=pd_lead)
    assert description_languages(video=video) == [("en", "English"), ("cy", "Cymraeg")]
    client.force_login(pd_lead)
    html = client.get(edit_url(video, "cy")).content.decode()
    assert 'aria-current="page" lang="cy">Cymraeg' in html and f'href="{edit_url(video)}"' in html
    response = client.get(edit_url(video, "fr"))
    assert response.status_code == 302


def test_the_player_carries_the_descriptions_track_and_its_script(client, teacher, pd_lead, video_page):
    video = video_page.video
    client.force_login(teacher)
    assert 'kind="descriptions"' not in client.get(video_page.url).content.decode()
    descriptions.descriptions_save(video=video, language="en", cues=[Description(0, 1, "A bar.")], user=pd_lead)
    html = client.get(video_page.url).content.decode()
    assert f'<track kind="descriptions" src="{track_url(video)}" srclang="en" label="English (description)">' in html
    assert "videos/player_description.js" in html


@pytest.mark.parametrize("who", ["teacher", "anonymous"])
def test_people_without_the_transcript_permission_cannot_edit_descriptions(client, teacher, video, who):
    if who == "teacher":
        client.force_login(teacher)
    response = client.post(edit_url(video), cue_form(("0", "1", "Forged.")))
    assert response.status_code in (302, 403)
    assert not DescriptionTrack.objects.exists()


def test_a_private_recordings_descriptions_editor_answers_404(client, pd_lead, video):
    Video.objects.filter(pk=video.pk).update(private=True)
    client.force_login(pd_lead)
    assert client.get(edit_url(video)).status_code == 404


def test_a_signed_out_request_for_the_track_is_refused(client, pd_lead, video):
    descriptions.descriptions_save(video=video, language="en", cues=[Description(0, 1, "A bar.")], user=pd_lead)
    assert client.get(track_url(video)).status_code == 403


def test_pauses_are_read_one_per_row():
    assert pauses_from_form(["0", "1", "0", "0", "1"]) == [True, False, True]
    assert pauses_from_form(["1", "0"]) == [False]  # a stray "1" before any row is ignored


def test_identifiers_are_written_before_their_cues_and_refused_when_unsafe():
    cues = [Cue(0, 1, "One."), Cue(1, 2, "Two.")]
    assert render_vtt(cues, identifiers=["1", "extended-2"]).startswith("WEBVTT\n\n1\n00:00:00.000 --> ")
    for bad in (["1"], ["1", "a --> b"], ["1", "two words"]):
        with pytest.raises(ValueError):
            render_vtt(cues, identifiers=bad)
