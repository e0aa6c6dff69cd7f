from django import template

from ..money import money_format

register = template.Library()


@register.simple_tag
def money(amount_cents, currency):
    """Format integer minor units: ``{% money option.price_cents page.currency %}``."""
    if amount_cents is None:
        return ""
    return money_format(amount_cents=amount_cents, currency=currency)
