"""Wagtail documents accept only the file types PD leads hand out (WAGTAILDOCS_EXTENSIONS):
a web page, an SVG or a program is refused with a message and nothing is saved."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from tests.factories.users import UserFactory

REFUSED = [
    ("handout.html", b"<!doctype html><script>alert(1)</script>"),
    ("diagram.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("setup.exe", b"MZ\x90\x00"),
]


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def test_the_allow_list_holds_office_files_and_no_active_content():
    assert {"pdf", "docx", "pptx", "xlsx", "odt", "csv", "txt"} <= set(settings.WAGTAILDOCS_EXTENSIONS)
    assert not {"html", "htm", "svg", "js", "xml", "exe", "docm"} & set(settings.WAGTAILDOCS_EXTENSIONS)


@pytest.mark.parametrize("name, content", REFUSED)
def test_document_is_refused_and_nothing_saved_when_its_type_is_not_allowed(admin_client, name, content):
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Handout", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert f"File extension “{name.rsplit('.', 1)[1]}” is not allowed." in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("name, content", REFUSED)
def test_multiple_upload_refuses_the_same_types(admin_client, name, content):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["success"] is False
    assert "is not allowed" in response.json()["error_message"]
    assert not get_document_model().objects.exists()


def test_a_pdf_handout_is_accepted(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Handout", "file": SimpleUploadedFile("handout.pdf", b"%PDF-1.4\n%%EOF\n")}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.get().title == "Handout"
