from pdsite.courses.models import ClipLibraryPage, CurriculumIndexPage
from tests.conftest import publish


def test_home_lists_every_live_section_and_the_menu_only_those_shown_in_menus(client, home_page):
    publish(home_page, CurriculumIndexPage(title="Curriculum", slug="curriculum", show_in_menus=True))
    publish(home_page, ClipLibraryPage(title="Clip library", slug="clips", show_in_menus=False))
    html = client.get("/").content.decode()
    nav, main = html.split('<main id="main"', 1)
    assert "Curriculum" in nav and "Clip library" not in nav
    assert "Curriculum" in main and "Clip library" in main
