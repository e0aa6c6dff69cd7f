"""The experience page's block of net prices, for members of approved tour operators."""

from django import template

from marketplace.operators.selectors import operator_prices

register = template.Library()


@register.inclusion_tag("marketplace/operators/net_prices.html", takes_context=True)
def operator_net_prices(context, page):
    """The operator's prices for ``page`` under its active contract; renders nothing for the
    public (no query for an anonymous visitor)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    prices = operator_prices(user=user, experience=page) if user is not None else None
    return {"operator_prices": prices, "request": request}
