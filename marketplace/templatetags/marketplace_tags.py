from django import template
from django.conf import settings
from django.utils import translation

from marketplace.core.money import money_format

register = template.Library()


@register.simple_tag
def money(amount_cents, currency):
    """Format integer minor units: ``{% money option.price_cents page.currency %}``."""
    if amount_cents is None:
        return ""
    return money_format(amount_cents=amount_cents, currency=currency)


@register.inclusion_tag("marketplace/includes/cart_link.html", takes_context=True)
def cart_link(context):
    """A link to the trip being put together, with its number of bookings (none when empty)."""
    from marketplace.bookings.cart import cart_items

    request = context.get("request")
    count = len(cart_items(request.session)) if request is not None and hasattr(
        request, "session") else 0
    return {"count": count}


@register.filter
def language_names(codes):
    """``{{ page.languages|language_names }}``: "it,en" as "Italian, English" in the active
    language."""
    from marketplace.core.languages import language_names as names

    return names(codes or "", language_code=translation.get_language() or settings.LANGUAGE_CODE)
