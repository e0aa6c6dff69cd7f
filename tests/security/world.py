"""Two tenants of every kind, built through the services as the product builds them.

Tenant A owns one of everything (provider page, experience, slot, paid order and booking,
shared resource, image, operator with an agent and a contract, payout run, application);
tenant B owns the same kinds of things, so each test can ask as B for A's objects. Tenant A
also owns what the admin screens take by id (``AdminObjects``: a revision of its experience in
moderation, its wagtail-localize translation, a document, a contract override, a payout
account...), built with the services where they exist and Wagtail's API otherwise."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
    UploadedFile,
)
from wagtail_localize.operations import TranslationCreator

from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.schedules import Resource, Slot
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.pricing import PriceLine
from marketplace.catalogue.services.pages import (
    ExperienceDetails,
    ExperienceText,
    WeeklyRuleSpec,
    experience_page_create,
    page_translation_create,
    supplier_page_create,
)
from marketplace.catalogue.services.permissions import sme_collection_get, sme_group_ensure
from marketplace.core.choices import OperatorTerms
from marketplace.core.vat import it_partita_iva_check_digit
from marketplace.onboarding.services.applications import supplier_application_create
from marketplace.operators.models import Contract, OperatorMember
from marketplace.operators.services import contracts as contract_services
from marketplace.operators.services import operators as operator_services
from marketplace.payments.models import PayoutAccount, PayoutRun
from marketplace.payments.services.ledger import commission_rate_set
from marketplace.payments.services.payouts import payout_account_set
from marketplace.payments.services.settlement import order_payment_succeeded

PASSWORD = "Blue-Adriatic-2026"
LECCE = (40.35148, 18.17180)
ADULT_NET = PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=18,
                      age_max=99, net_price_cents=3600)
_serial = itertools.count(1)


def _vat(n: int) -> str:
    base = f"{n:010d}"
    return base + str(it_partita_iva_check_digit(base))


@dataclass
class Tenant:
    """One supplier with its user, or one operator with its owner and agent."""

    user: object
    provider: object = None
    experience: object = None
    slot: object = None
    resource: object = None
    image: object = None
    collection: object = None
    operator: object = None
    agent: object = None
    contract: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class AdminObjects:
    """What the admin screens take by id: tenant A's rows, and the rows Wagtail itself holds
    (a locale, the site, the review workflow and its task)."""

    revision: object  # A's draft of its experience, submitted to the review workflow
    workflow_state: object
    task_state: object
    translation: object  # wagtail-localize's English translation of A's experience
    string_segment: object
    overridable_segment: object
    page_restriction: object  # a password on A's English page
    document: object
    collection_restriction: object  # a password on the collection of A's document
    uploaded_image: object  # A's upload waiting for its details
    uploaded_document: object  # a superuser's: no group holds document permissions
    editing_session: object  # A editing its experience
    redirect: object  # an old address of A's experience
    contract_override: object  # A's experience under operator A's contract
    payout_account: object  # where A is paid
    commission_rate: object  # the cluster's rate on A's sector
    api_token: object  # operator A's agent's
    tag: object  # on A's document
    group: object  # A's group
    locale: object
    site: object
    workflow: object
    task: object


@dataclass
class World:
    sme_a: Tenant
    sme_b: Tenant
    op_a: Tenant
    op_b: Tenant
    manager: object
    buyer: object
    order: object
    booking: object
    application: object
    payout_run: object
    other_user: object
    admin: AdminObjects | None
    itinerary: object = None  # operator A's, with A's slot as its stop, proposed and shared
    share_link: object = None
    cluster: object = None  # A's memorandum, a workshop and A's registration to it
    member: object = None  # the cluster's member of A's supplier page, A's user its user


def _supplier(key: str, name: str) -> Tenant:
    n = next(_serial)
    provider = supplier_page_create(
        legal_name=name, vat_number=_vat(5000 + n + ord(key) * 10), country="IT",
        sector_slugs=["food-wine"], lat=LECCE[0], lon=LECCE[1], town="Lecce",
        email=f"{key}@example.com")
    group = sme_group_ensure(provider=provider)
    collection = sme_collection_get(provider=provider)
    user = get_user_model().objects.create_user(f"sme-{key}", f"sme-{key}@example.com",
                                                PASSWORD)
    user.groups.add(group)
    image = Image.objects.create(title=f"Photo of {name}", file=get_test_image_file(),
                                 collection=collection)
    experience = experience_page_create(
        provider=provider,
        text=ExperienceText(
            title=f"Olive oil at {name}",
            summary="Una mattina nel frantoio ipogeo della masseria: raccolta, molitura e "
                    "assaggio dell'olio nuovo con pane caldo e pomodori.",
            meeting_point="Cancello della masseria"),
        details=ExperienceDetails(
            sector_slug="food-wine", lat=LECCE[0], lon=LECCE[1], prices=(ADULT_NET,),
            weekly_rules=(WeeklyRuleSpec(weekdays=tuple(range(7)),
                                                  start_times=(time(10),)),)),
        photos=[image], publish=True)
    resource = Resource.objects.create(provider=provider, name=f"Boat of {name}", capacity=8)
    slot = (Slot.objects.filter(experience=experience,
                                starts_at__gte=timezone.now() + timedelta(days=3))
            .order_by("starts_at").first())
    return Tenant(user=user, provider=provider, experience=experience, slot=slot,
                  resource=resource, image=image, collection=collection)


def _operator(key: str, country: str, vat: str, provider) -> Tenant:
    operator = operator_services.operator_signup(
        name=f"Operator {key.upper()}", country=country, vat_number=vat,
        email=f"owner-{key}@example.com", password=PASSWORD, contact_name=f"Owner {key}",
        notify=False)
    operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                  notify=False)
    owner = operator.members.get().user
    agent_user = get_user_model().objects.create_user(f"agent-{key}@example.com",
                                                      f"agent-{key}@example.com", PASSWORD)
    agent = OperatorMember.objects.create(operator=operator, user=agent_user,
                                          role=OperatorMember.Role.AGENT)
    contract = contract_services.contract_create(
        provider=provider, operator=operator, terms=OperatorTerms.NET_RATE,
        valid_from=date.today() - timedelta(days=30),
        valid_until=date.today() + timedelta(days=365))
    return Tenant(user=owner, operator=operator, agent=agent, contract=contract)


def _admin_objects(sme_a: Tenant, op_a: Tenant) -> AdminObjects:
    """Tenant A's rows that the admin screens take by id (see ``AdminObjects``)."""
    user, experience, collection = sme_a.user, sme_a.experience, sme_a.collection
    experience.resource = sme_a.resource  # the draft uses A's boat
    revision = experience.save_revision(user=user)
    workflow = experience.get_workflow()
    workflow_state = workflow.start(experience, user)
    task_state = workflow_state.current_task_state

    english = Locale.objects.get(language_code="en")
    page_translation_create(page=sme_a.provider, language_code="en", title=sme_a.provider.title)
    creator = TranslationCreator(user, [english])
    creator.create_translations(experience, include_related_objects=False)
    [translation] = [each for translations in creator.mappings.values() for each in translations]
    page_restriction = PageViewRestriction.objects.create(
        page=translation.get_target_instance(), restriction_type=PageViewRestriction.PASSWORD,
        password="alfa-en")
    experience.refresh_from_db()  # the live page again; the draft is in its revision

    # A's price list, behind a password in a collection of its own (a restricted collection's
    # images would leave the admin API), put there by a superuser: no group holds document
    # permissions.
    administrator = get_user_model().objects.create_superuser(
        "administrator", "administrator@example.com", PASSWORD)
    documents = collection.add_child(name=f"Price lists of {sme_a.provider.title}")
    document = Document.objects.create(
        title=f"Price list of {sme_a.provider.title}", collection=documents,
        file=ContentFile(b"Olio nuovo, 0,75 l: 18 euro\n", name="listino.txt"),
        uploaded_by_user=administrator)
    document.tags.add("listino")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=documents, restriction_type=CollectionViewRestriction.PASSWORD,
        password="alfa-documents")
    uploads = {
        model: UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(model), uploaded_by_user=owner,
            file=ContentFile(content, name=name))
        for model, owner, content, name in (
            (Image, user, get_test_image_file().read(), "frantoio.png"),
            (Document, administrator, b"Orari del frantoio\n", "orari.txt"))}
    editing_session = EditingSession.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(Page),
        object_id=str(experience.pk), last_seen_at=timezone.now())
    site = Site.objects.get(is_default_site=True)
    redirect = Redirect.objects.create(old_path=Redirect.normalise_path("/frantoio-alfa"),
                                       site=site, redirect_page=experience)
    override = contract_services.contract_override_set(
        contract=op_a.contract, experience=experience, terms=OperatorTerms.NET_RATE)
    payout_account = payout_account_set(
        provider=sme_a.provider, method=PayoutAccount.Method.CONNECT,
        stripe_account_id="acct_alfa", account_holder=sme_a.provider.title)
    commission_rate = commission_rate_set(sector_slug=experience.sector.slug, pct=Decimal(15))
    source = translation.source
    api_token = Token.objects.get(
        key=operator_services.operator_api_token(user=op_a.agent.user))
    return AdminObjects(
        revision=revision, workflow_state=workflow_state, task_state=task_state,
        translation=translation,
        string_segment=source.stringsegment_set.first(),
        overridable_segment=source.overridablesegment_set.first(),
        page_restriction=page_restriction, document=document,
        collection_restriction=collection_restriction, uploaded_image=uploads[Image],
        uploaded_document=uploads[Document], editing_session=editing_session,
        redirect=redirect, contract_override=override, payout_account=payout_account,
        commission_rate=commission_rate, api_token=api_token, tag=document.tags.get(),
        group=user.groups.get(), locale=english, site=site, workflow=workflow,
        task=task_state.task)


def build_world(*, admin_objects: bool = True) -> World:
    """Everything the tenancy tests read; see the module's docstring. ``admin_objects``: also
    A's objects that the admin screens take by id (``AdminObjects``, a second or so)."""
    sme_a = _supplier("a", "Masseria Alfa")
    sme_b = _supplier("b", "Konoba Beta")
    op_a = _operator("a", "DE", "814263597", sme_a.provider)
    op_b = _operator("b", "GB", "GB980780684", sme_b.provider)
    manager = get_user_model().objects.create_user("manager", "manager@example.com", PASSWORD)
    manager.groups.add(Group.objects.get(name="Cluster managers"))
    buyer = get_user_model().objects.create_user("buyer", "buyer@example.com", PASSWORD)
    other_user = get_user_model().objects.create_user("someone", "someone@example.com",
                                                      PASSWORD)
    adult = sme_a.experience.price_options.get(label="Adult")
    order = order_place(email="buyer@example.com", name="Ada Buyer", user=buyer, language="it",
                        requests=[BookingRequest(slot_id=sme_a.slot.pk, quantities={adult.pk: 2})])
    order_payment_succeeded(order=order)
    booking = order.bookings.get()
    application = supplier_application_create(
        company_name="Frantoio Gamma", vat_number=_vat(9000 + next(_serial)), country="IT",
        sectors=list(Sector.objects.filter(slug="crafts", locale__language_code="it")),
        contact_name="Gino Gamma", email="gamma@example.com", town="Lecce")
    today = timezone.localdate()
    payout_run = PayoutRun.objects.create(period_start=today - timedelta(days=60),
                                          period_end=today - timedelta(days=1),
                                          created_by=manager)
    itinerary, share_link = _itinerary(op_a, sme_a)
    member = _member(sme_a)
    return World(sme_a=sme_a, sme_b=sme_b, op_a=op_a, op_b=op_b, manager=manager, buyer=buyer,
                 order=order, booking=booking, application=application,
                 payout_run=payout_run, other_user=other_user,
                 admin=_admin_objects(sme_a, op_a) if admin_objects else None,
                 itinerary=itinerary, share_link=share_link, member=member,
                 cluster=_cluster(sme_a, op_a))


@dataclass
class ClusterObjects:
    members: tuple  # supplier A's and operator A's
    agreement: object  # a signed memorandum between them
    event: object  # a scheduled workshop
    registration: object  # supplier A's to the workshop
    b2b: object = None  # A's B2B event (``B2BObjects``)
    post: object = None  # supplier A's offer on the cooperation board, operator A's reply


def _cluster(sme_a: Tenant, op_a: Tenant) -> ClusterObjects:
    """Tenant A in the cluster: its member rows, a memorandum with operator A, a workshop."""
    from cluster.agreements.services import agreement_create
    from cluster.events.services import event_create, registration_create
    from cluster.members.models import Member

    today = timezone.localdate()
    supplier = Member.objects.get(provider=sme_a.provider)  # made by the sync (_member)
    operator = Member.objects.get(operator=op_a.operator)
    agreement = agreement_create(kind="memorandum", title="Memorandum Alfa",
                                 parties=[supplier, operator], starts_on=today,
                                 signed_on=today)
    starts_at = timezone.now() + timedelta(days=10)
    event = event_create(kind="workshop", title="Workshop Alfa", starts_at=starts_at,
                         ends_at=starts_at + timedelta(hours=3), capacity=20)
    registration = registration_create(event=event, member=supplier, by=sme_a.user)
    return ClusterObjects(members=(supplier, operator), agreement=agreement, event=event,
                          registration=registration, b2b=_b2b(supplier, operator, sme_a),
                          post=_post(supplier, operator, sme_a, op_a))


@dataclass
class B2BObjects:
    event: object  # a B2B event with supplier A's and operator A's members registered
    registrations: tuple  # supplier A's, operator A's
    slot: object
    table: object
    request: object  # supplier A asks operator A, who accepts
    meeting: object  # the request's meeting, scheduled and published


def _b2b(supplier, operator, sme_a: Tenant) -> B2BObjects:
    """Tenant A's B2B event: two slots, a table, A's two members' accepted request and its
    meeting in a published schedule."""
    from cluster.events.services import event_create, registration_create
    from cluster.matchmaking import services as matchmaking

    starts_at = (timezone.now() + timedelta(days=12)).replace(second=0, microsecond=0)
    event = event_create(kind="b2b", title="B2B Alfa", starts_at=starts_at,
                         ends_at=starts_at + timedelta(hours=4), capacity=20)
    registrations = (registration_create(event=event, member=supplier, by=sme_a.user),
                     registration_create(event=event, member=operator))
    slot, _second = matchmaking.meeting_slots_create(event=event, starts_at=starts_at,
                                                     minutes=20, count=2)
    [table] = matchmaking.meeting_tables_add(event=event, count=1)
    matchmaking.match_profile_set(registration=registrations[0], offers="Olio nuovo",
                                  looks_for="Tour operators")
    request = matchmaking.meeting_request_create(
        from_registration=registrations[0], to_registration=registrations[1],
        message="Shall we meet?", preferred_slots=[slot])
    request = matchmaking.meeting_request_accept(request=request)
    matchmaking.schedule_run(event=event, time_limit_s=2)
    matchmaking.schedule_publish(event=event)
    return B2BObjects(event=event, registrations=registrations, slot=slot, table=table,
                      request=request, meeting=request.meeting)


def _post(supplier, operator, sme_a: Tenant, op_a: Tenant):
    """Supplier A's offer on the cooperation board, with operator A's reply."""
    from cluster.cooperation.services import post_create, reply_create

    post = post_create(member=supplier, by=sme_a.user, kind="offer", title="Offer of Alfa",
                       body="Olive oil for the members' restaurants.", sectors=("food-wine",))
    reply_create(post=post, member=operator, by=op_a.user, body="We are interested.")
    return post


def _member(sme_a: Tenant):
    """Tenant A's member of the cluster, made by the sync from A's supplier page (A's user,
    in A's group, becomes its user); the others' members are made too."""
    from cluster.members.models import Member
    from cluster.members.services import members_sync

    members_sync()
    return Member.objects.get(provider=sme_a.provider)


def _itinerary(op_a: Tenant, sme_a: Tenant):
    """Operator A's itinerary: A's slot on day 1, a dinner on day 2, proposed and shared."""
    from itineraries.services.itineraries import itinerary_create
    from itineraries.services.proposals import itinerary_propose, share_link_create
    from itineraries.services.stops import stop_add_item, stop_add_slot

    start = timezone.localtime(sme_a.slot.starts_at).date()
    itinerary = itinerary_create(operator=op_a.operator, title="Trip of operator Alfa",
                                 start_date=start, day_count=2, adults=2,
                                 created_by=op_a.user)
    stop_add_slot(itinerary=itinerary, day_number=1, slot_id=sme_a.slot.pk)
    dinner = timezone.make_aware(datetime.combine(start + timedelta(days=1), time(20)))
    stop_add_item(itinerary=itinerary, day_number=2, kind="meal", title="Dinner in Lecce",
                  starts_at=dinner, duration_min=90, cost_cents=9000)
    itinerary_propose(itinerary=itinerary)
    return itinerary, share_link_create(itinerary=itinerary)


def contracts_of(operator) -> list[Contract]:
    return list(Contract.objects.filter(operator=operator))
