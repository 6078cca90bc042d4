"""StreamField blocks for PD modules, unit diagnostics and clip chapters."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class ClipBlock(blocks.StructBlock):
    clip = blocks.PageChooserBlock(page_type="courses.PDVideoPage")
    note = blocks.CharBlock(required=False, help_text="Why watch it here (optional).")

    class Meta:
        icon = "media"
        template = "courses/blocks/clip_block.html"


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(help_text="e.g. What will you try, with which class, by when?")

    class Meta:
        icon = "help"
        template = "courses/blocks/reflection_block.html"


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/resource_block.html"


class ModuleStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=["h3", "bold", "italic", "ol", "ul", "link"])
    clip = ClipBlock()
    reflection = ReflectionBlock()
    resource = ResourceBlock()


class DiagnosticQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock()
    answer = blocks.CharBlock()
    misconception = blocks.CharBlock(required=False, help_text="What a wrong answer usually reveals.")

    class Meta:
        icon = "help"
        template = "courses/blocks/diagnostic_question_block.html"


class ChapterBlock(blocks.StructBlock):
    start = blocks.IntegerBlock(min_value=0, help_text="Seconds from the start.")
    title = blocks.CharBlock()

    class Meta:
        icon = "time"
