from tests.factories.courses import ClipLibraryPageFactory, CurriculumIndexPageFactory


def test_home_lists_every_live_section_and_the_menu_only_those_shown_in_menus(client, home_page):
    CurriculumIndexPageFactory(parent=home_page, show_in_menus=True)
    ClipLibraryPageFactory(parent=home_page, show_in_menus=False)
    html = client.get("/").content.decode()
    nav, main = html.split('<main id="main"', 1)
    assert "Curriculum" in nav and "Clip library" not in nav
    assert "Curriculum" in main and "Clip library" in main


def test_favicon_ico_points_at_the_site_icon_that_every_page_links(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
    assert f'<link rel="icon" href="{response["Location"]}"' in client.get("/").content.decode()
