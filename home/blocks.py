"""StreamField blocks shared by the site's pages: editors get structure, not layout."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))
    link_page = blocks.PageChooserBlock(required=False, label=_("Link to page"))
    link_text = blocks.CharBlock(required=False, max_length=60, label=_("Link text"))

    class Meta:
        icon = "pick"
        template = "home/blocks/callout_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    callout = CalloutBlock()
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
