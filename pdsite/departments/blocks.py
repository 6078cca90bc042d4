"""StreamField blocks for workshop agendas: timed items."""

from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    minutes = blocks.IntegerBlock(min_value=1, max_value=240)
    title = blocks.CharBlock(max_length=200)
    notes = blocks.TextBlock(required=False)

    class Meta:
        icon = "time"


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()
