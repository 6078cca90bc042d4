from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "pdsite.search"
    label = "pdsite_search"
    verbose_name = "Search"
