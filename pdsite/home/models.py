from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.UnitPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from pdsite.courses.models import UnitPage

        context = super().get_context(request, *args, **kwargs)
        context["units"] = UnitPage.objects.child_of(self).live().public()
        return context
