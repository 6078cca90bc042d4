"""Hub staff set up Work Groups in the Wagtail admin: hubs, groups (with facilitators, foci
and intended outcomes inline), workshops (with their session plan), schools' participation
history, and the bookings list. Everything a school or facilitator does day to day is on the
/workgroups/ pages."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Booking, Hub, ParticipationRecord, WorkGroup, Workshop


class HubViewSet(SnippetViewSet):
    model = Hub
    icon = "site"
    list_display = ["name", "slug"]
    form_fields = ["name", "slug", "staff"]


class WorkGroupViewSet(SnippetViewSet):
    model = WorkGroup
    icon = "group"
    list_display = ["title", "programme_code", "phase", "hub", "booking_deadline", "capacity"]
    list_filter = ["phase", "hub"]
    search_fields = ["title", "programme_code"]


class WorkshopViewSet(SnippetViewSet):
    model = Workshop
    icon = "date"
    list_display = ["work_group", "number", "date", "starts", "ends", "mode"]
    list_filter = ["work_group"]


class ParticipationRecordViewSet(SnippetViewSet):
    model = ParticipationRecord
    icon = "history"
    menu_label = "Participation history"
    list_display = ["school", "kind", "phase", "cohort", "year"]
    form_fields = ["school", "kind", "phase", "cohort", "year"]


class BookingViewSet(SnippetViewSet):
    model = Booking
    icon = "tick-inverse"
    list_display = ["work_group", "department", "status", "endorsed_at"]
    list_filter = ["status", "work_group"]
    form_fields = ["work_group", "department", "booked_by"]


class WorkGroupsAdmin(SnippetViewSetGroup):
    menu_label = "Work Groups"
    menu_icon = "group"
    menu_order = 250
    items = (HubViewSet, WorkGroupViewSet, WorkshopViewSet, ParticipationRecordViewSet, BookingViewSet)


register_snippet(WorkGroupsAdmin)
