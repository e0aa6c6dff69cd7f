"""What search engines and link previews read: schema.org JSON-LD and Open Graph values."""

import json

from marketplace.core.money import cents_to_decimal


def experience_json_ld(*, page, url: str, image_urls: list[str], provider_name: str,
                       price_cents: int | None, currency: str) -> str:
    """schema.org Product JSON for an experience, escaped for a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "image": image_urls,
        "brand": {"@type": "Organization", "name": provider_name},
        "category": page.sector.name if page.sector_id else None,
    }
    if price_cents:
        data["offers"] = {
            "@type": "Offer",
            "price": str(cents_to_decimal(price_cents)),
            "priceCurrency": currency,
            "url": url,
            "availability": "https://schema.org/InStock",
        }
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
