"""The synonym list in the Wagtail admin: PD leads edit it; bad input is refused with a message."""

import pytest

from pdsite.search import engine
from pdsite.search.models import SearchSynonym
from pdsite.search.selectors import search_moments

ADD_URL = "/admin/snippets/pdsite_search/searchsynonym/add/"


def test_pd_lead_sees_the_seeded_synonyms_when_listing(client, pd_lead):
    client.force_login(pd_lead)
    response = client.get("/admin/snippets/pdsite_search/searchsynonym/")
    assert response.status_code == 200
    assert "bar model, tape diagram" in response.content.decode()


def test_teacher_cannot_edit_synonyms(client, teacher):
    client.force_login(teacher)
    assert client.get(ADD_URL).status_code in (302, 403)


def test_single_term_is_refused_with_a_message_when_saved(client, pd_lead):
    client.force_login(pd_lead)
    before = SearchSynonym.objects.count()
    response = client.post(ADD_URL, {"terms": "bar model"})
    assert response.status_code == 200
    assert "Give at least two terms" in response.content.decode()
    assert SearchSynonym.objects.count() == before


@pytest.mark.service
def test_new_synonym_applies_to_search_when_saved(
    client, pd_lead, needs_engine, demo_library, django_capture_on_commit_callbacks
):
    assert search_moments(user=None, query="doohickeys").clips == []
    client.force_login(pd_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, {"terms": "Counters,  Doohickeys"})
    assert response.status_code == 302
    assert SearchSynonym.objects.filter(terms="counters, doohickeys").exists()
    engine.refresh(needs_engine)
    results = search_moments(user=None, query="doohickeys")
    assert not results.engine_unavailable
    assert results.clips and "counters" in str(results.clips[0].moments[0].snippet).lower()
