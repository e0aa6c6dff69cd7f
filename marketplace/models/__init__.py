"""The marketplace's models, re-exported from their modules."""

from .applications import ProviderApplication
from .bookings import Booking, BookingLine, Order
from .choices import (
    Area,
    BookingMode,
    CancellationKind,
    Country,
    Currency,
    OperatorTerms,
    PricingKind,
    ScheduleKind,
)
from .operators import CommissionRate, Contract, ContractOverride, Operator, OperatorMember
from .pages import (
    AreaPage,
    ExperienceIndexPage,
    ExperiencePage,
    ExperiencePhoto,
    ExperienceTag,
    ProviderIndexPage,
    ProviderPage,
)
from .payments import (
    LedgerEntry,
    Payment,
    Payout,
    PayoutAccount,
    PayoutRun,
    Refund,
    StripeEvent,
    Transfer,
)
from .pricing import PriceOption
from .schedules import WEEKDAY_FIELDS, DateException, Resource, Slot, WeeklyRule
from .sectors import SECTOR_SLUGS, Sector
from .workflow import OVERRIDE_ACTION, ClusterReviewTask

__all__ = [
    "Booking",
    "BookingLine",
    "CommissionRate",
    "Contract",
    "ContractOverride",
    "LedgerEntry",
    "Operator",
    "OperatorMember",
    "Order",
    "Payment",
    "Payout",
    "PayoutAccount",
    "PayoutRun",
    "Refund",
    "StripeEvent",
    "Transfer",
    "AreaPage",
    "OVERRIDE_ACTION",
    "SECTOR_SLUGS",
    "WEEKDAY_FIELDS",
    "Area",
    "BookingMode",
    "CancellationKind",
    "ClusterReviewTask",
    "Country",
    "Currency",
    "DateException",
    "ExperienceIndexPage",
    "ExperiencePage",
    "ExperiencePhoto",
    "ExperienceTag",
    "OperatorTerms",
    "PriceOption",
    "PricingKind",
    "ProviderApplication",
    "ProviderIndexPage",
    "ProviderPage",
    "Resource",
    "ScheduleKind",
    "Sector",
    "Slot",
    "WeeklyRule",
]
