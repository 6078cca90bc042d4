"""The admin "Add video" page is the resumable upload page, with the plain form as fallback."""

from django.urls import reverse


def test_add_video_page_carries_the_resumable_uploader(client, pd_lead):
    client.force_login(pd_lead)
    response = client.get(reverse("video_library:add"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-create-url="{reverse("videos:uploads:create")}"' in html
    assert "videos/upload.js" in html
    assert '<label for="pdsite-upload-progress">' in html and 'role="status" aria-live="polite"' in html
    # Without JavaScript the same form still posts the file.
    assert 'enctype="multipart/form-data"' in html and 'name="source"' in html


def test_upload_js_is_served(client, pd_lead):
    client.force_login(pd_lead)
    response = client.get("/static/videos/upload.js")
    assert response.status_code == 200
