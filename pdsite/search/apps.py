"""App config of search; connects its receivers to the pipeline's transcript signals and page publishing."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "pdsite.search"
    label = "pdsite_search"
    verbose_name = "Search"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from pdsite.courses.models import PDVideoPage
        from pdsite.videos.models import Transcript
        from pdsite.videos.signals import transcript_changed

        from . import signal_handlers
        from .models import SearchSynonym

        page_published.connect(signal_handlers.clip_page_published, sender=PDVideoPage)
        page_unpublished.connect(signal_handlers.clip_page_published, sender=PDVideoPage)
        post_save.connect(signal_handlers.synonyms_changed, sender=SearchSynonym)
        post_delete.connect(signal_handlers.synonyms_changed, sender=SearchSynonym)
        transcript_changed.connect(
            signal_handlers.transcript_changed, sender=Transcript, dispatch_uid="search.transcript_changed"
        )
