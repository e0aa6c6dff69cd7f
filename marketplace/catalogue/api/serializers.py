"""What the API shows of experiences, providers, sectors and slots. Money is a decimal string
with its currency, never a float."""


from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.catalogue.filters import AREA_SLUGS
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.policies import CancellationPolicy
from marketplace.catalogue.selectors.api import PHOTO_SPEC
from marketplace.core.money import cents_to_decimal

AREA_SLUG_BY_CODE = {code.value: slug for slug, code in AREA_SLUGS.items()}


def money(*, amount_cents: int, currency: str) -> dict:
    """Minor units as an exact ``Decimal`` amount (two places) with its currency."""
    return {"amount": cents_to_decimal(amount_cents), "currency": currency}


def _split(value: str, separator: str = ",") -> list[str]:
    return [item.strip() for item in value.split(separator) if item.strip()]


class MoneySerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField()


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name"]
        read_only_fields = fields


class SubdivisionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Code of the Italian province, Albanian county or "
                                         "Montenegrin municipality (e.g. IT-LE)")
    name = serializers.CharField()


class LocationSerializer(serializers.Serializer):
    lat = serializers.FloatField(help_text="WGS84 latitude, degrees")
    lon = serializers.FloatField(help_text="WGS84 longitude, degrees")


class PageLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class PhotoSerializer(serializers.Serializer):
    url = serializers.URLField(help_text=f"A {PHOTO_SPEC} rendition")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    caption = serializers.CharField()

    def to_representation(self, photo):
        rendition = photo.image.get_rendition(PHOTO_SPEC)
        request = self.context["request"]
        return super().to_representation({
            "url": request.build_absolute_uri(rendition.url), "width": rendition.width,
            "height": rendition.height, "caption": photo.caption})


class LocatedPageSerializer(serializers.ModelSerializer):
    # Fields shared by located pages: the public URL, the area and where the point is.
    url = serializers.SerializerMethodField()
    area = serializers.SerializerMethodField()
    subdivision = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    locale = serializers.CharField(source="locale.language_code", read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page) -> str:
        return page.get_full_url(self.context["request"])

    @extend_schema_field(serializers.ChoiceField(choices=list(AREA_SLUGS), allow_null=True))
    def get_area(self, page) -> str | None:
        return AREA_SLUG_BY_CODE.get(page.area)

    @extend_schema_field(SubdivisionSerializer(allow_null=True))
    def get_subdivision(self, page):
        if not page.subdivision_id:
            return None
        return SubdivisionSerializer({"id": page.subdivision_id,
                                      "name": page.subdivision_name}).data

    @extend_schema_field(LocationSerializer(allow_null=True))
    def get_location(self, page):
        if page.lat is None or page.lon is None:
            return None
        return LocationSerializer({"lat": page.lat, "lon": page.lon}).data

    def get_languages(self, page) -> list[str]:
        return _split(page.languages)


class ExperienceSerializer(LocatedPageSerializer):
    """An experience as listed: ``distance_km`` is set when searching near a point."""

    sector = SectorSerializer(allow_null=True, read_only=True)
    price_from = serializers.SerializerMethodField()
    distance_km = serializers.SerializerMethodField()
    provider = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, source="photos.all", read_only=True)

    class Meta:
        model = ExperiencePage
        fields = ["id", "url", "locale", "title", "summary", "sector", "country", "area",
                  "subdivision", "location", "duration_min", "languages", "booking_mode",
                  "is_lodging", "price_from", "distance_km", "provider", "photos"]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_price_from(self, page):
        """The lowest adult price, converted to EUR for comparison."""
        if page.price_from_eur_cents is None:
            return None
        return MoneySerializer(money(amount_cents=page.price_from_eur_cents,
                                     currency="EUR")).data

    def get_distance_km(self, page) -> float | None:
        distance_km = self.context.get("distances_km", {}).get(page.pk)
        return None if distance_km is None else round(distance_km, 2)

    @extend_schema_field(PageLinkSerializer(allow_null=True))
    def get_provider(self, page):
        provider = self.context.get("providers", {}).get(page.pk)
        if provider is None:
            return None
        return PageLinkSerializer({"id": provider.pk, "title": provider.title,
                                   "url": provider.get_full_url(self.context["request"])}).data


class PriceOptionSerializer(serializers.ModelSerializer):
    amount = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()

    class Meta:
        model = PriceOption
        fields = ["label", "kind", "age_min", "age_max", "group_size_min", "group_size_max",
                  "amount", "currency"]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2))
    def get_amount(self, option) -> str:
        return str(money(amount_cents=option.price_cents, currency="")["amount"])

    def get_currency(self, option) -> str:
        return self.context["currency"]


class CancellationPolicySerializer(serializers.Serializer):
    kind = serializers.CharField()
    hours_before = serializers.IntegerField()
    refund_pct = serializers.IntegerField()
    text = serializers.CharField(help_text="The policy in words, in the page's language")


class ExperienceDetailSerializer(ExperienceSerializer):
    """An experience with its prices, cancellation policy and practical details."""

    price_options = serializers.SerializerMethodField()
    cancellation_policy = serializers.SerializerMethodField()
    inclusions = serializers.SerializerMethodField()

    class Meta(ExperienceSerializer.Meta):
        fields = ExperienceSerializer.Meta.fields + [
            "currency", "price_options", "cancellation_policy", "meeting_point", "inclusions",
            "group_min", "group_max", "cutoff_hours", "rooms", "wheelchair_accessible",
            "family_friendly"]
        read_only_fields = fields

    @extend_schema_field(PriceOptionSerializer(many=True))
    def get_price_options(self, page):
        """Amounts in the page's own currency (minor units as a decimal string)."""
        return PriceOptionSerializer(page.price_options.all(), many=True,
                                     context={**self.context, "currency": page.currency}).data

    @extend_schema_field(CancellationPolicySerializer)
    def get_cancellation_policy(self, page):
        policy = CancellationPolicy.of(page)
        return CancellationPolicySerializer({
            "kind": str(policy.kind), "hours_before": policy.hours_before,
            "refund_pct": policy.refund_pct, "text": policy.describe()}).data

    def get_inclusions(self, page) -> list[str]:
        return _split(page.inclusions, "\n")


class NetPriceOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The price option (as booked)")
    label = serializers.CharField()
    kind = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True,
                                      help_text="What the operator pays per unit")
    retail_amount = serializers.DecimalField(max_digits=12, decimal_places=2,
                                             coerce_to_string=True,
                                             help_text="The public price per unit")
    currency = serializers.CharField()


class OperatorExperienceDetailSerializer(ExperienceDetailSerializer):
    """The detail as a member of an approved tour operator sees it: with the net prices of
    its contract with the supplier (``context["operator_prices"]``)."""

    net_price_options = serializers.SerializerMethodField()

    class Meta(ExperienceDetailSerializer.Meta):
        fields = ExperienceDetailSerializer.Meta.fields + ["net_price_options"]
        read_only_fields = fields

    @extend_schema_field(NetPriceOptionSerializer(many=True))
    def get_net_price_options(self, page):
        prices = self.context["operator_prices"].prices
        return NetPriceOptionSerializer([{
            "id": price.option.pk, "label": price.option.label, "kind": price.option.kind,
            "amount": money(amount_cents=price.net_cents, currency=price.currency)["amount"],
            "retail_amount": money(amount_cents=price.retail_cents,
                                   currency=price.currency)["amount"],
            "currency": price.currency} for price in prices], many=True).data


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField(help_text="ISO 8601, local time (Europe/Rome)")
    ends_at = serializers.DateTimeField(help_text="ISO 8601, local time (Europe/Rome)")
    capacity = serializers.IntegerField()
    places_left = serializers.IntegerField(help_text="Shared resources (a boat, a guide) "
                                                    "included")
    bookable = serializers.BooleanField(help_text="Places left and a start after the "
                                                  "booking cut-off")


class AvailabilityQuerySerializer(serializers.Serializer):
    """``from`` and ``to`` are Python keywords: the fields are declared by name below."""

    def get_fields(self):
        return {"from": serializers.DateField(required=False),
                "to": serializers.DateField(required=False)}


class AvailabilitySerializer(serializers.Serializer):
    experience = serializers.IntegerField()
    slots_of = serializers.IntegerField(help_text="The experience whose slots these are (the "
                                                  "translation group's owner)")
    slots = SlotSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


class ProviderSerializer(LocatedPageSerializer):
    """A business of the cluster."""

    sectors = SectorSerializer(many=True, source="sectors.all", read_only=True)
    experiences_count = serializers.IntegerField(read_only=True,
                                                 help_text="Live experiences of the provider")

    class Meta:
        model = ProviderPage
        fields = ["id", "url", "locale", "title", "town", "country", "area", "subdivision",
                  "location", "sectors", "languages", "experiences_count"]
        read_only_fields = fields
