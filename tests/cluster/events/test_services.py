"""Events: registrations (one per company, capacity, active members, cancelled events), the
door check-in (idempotent, refusing cancelled registrations and unknown tokens), feedback
from those who came, and the event's lifecycle."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cluster.events import services
from cluster.events.errors import (
    CheckInRefused,
    EventStateError,
    FeedbackRefused,
    InvalidEvent,
    RegistrationRefused,
    UnknownRegistration,
)
from cluster.events.models import Event, Registration
from cluster.members.models import Member

from .conftest import event_make, member_make

pytestmark = pytest.mark.django_db


def test_an_event_needs_aware_times_in_order():
    now = timezone.now()
    with pytest.raises(InvalidEvent, match="end after"):
        services.event_create(kind="lab", title="Lab", starts_at=now, ends_at=now)
    with pytest.raises(InvalidEvent, match="time zone"):
        services.event_create(kind="lab", title="Lab", starts_at=datetime(2026, 5, 1, 9),
                              ends_at=datetime(2026, 5, 1, 12))
    with pytest.raises(InvalidEvent, match="at least one company"):
        services.event_create(kind="lab", title="Lab", starts_at=now,
                              ends_at=now + timedelta(hours=1), capacity=0)
    assert not Event.objects.exists()


def test_a_company_registers_once(event, member):
    registration = services.registration_create(event=event, member=member,
                                                attendees="Drita, Arben")
    assert registration.status == Registration.Status.REGISTERED
    assert len(registration.token) == 43
    with pytest.raises(RegistrationRefused, match="registered already"):
        services.registration_create(event=event, member=member)
    assert event.registrations.count() == 1


def test_a_company_that_cancelled_registers_again_with_a_new_token(event, member):
    first = services.registration_create(event=event, member=member)
    old_token = first.token
    services.registration_cancel(registration=first)
    again = services.registration_create(event=event, member=member)
    assert again.pk == first.pk and again.token != old_token
    assert again.status == Registration.Status.REGISTERED


@pytest.mark.parametrize("status", [Member.Status.APPLIED, Member.Status.SUSPENDED,
                                    Member.Status.LEFT])
def test_members_not_active_are_refused(event, status):
    with pytest.raises(RegistrationRefused, match="not an active member"):
        services.registration_create(event=event, member=member_make(status=status))
    assert not event.registrations.exists()


def test_capacity_counts_companies_and_frees_on_cancellation():
    event = event_make(capacity=2)
    first = services.registration_create(event=event, member=member_make())
    services.registration_create(event=event, member=member_make())
    with pytest.raises(RegistrationRefused, match="full"):
        services.registration_create(event=event, member=member_make())
    services.registration_cancel(registration=first)
    services.registration_create(event=event, member=member_make())
    assert event.registrations.filter(status="registered").count() == 2


def test_capacity_cannot_fall_below_the_registered(member):
    event = event_make(capacity=3)
    services.registration_create(event=event, member=member)
    services.registration_create(event=event, member=member_make())
    with pytest.raises(InvalidEvent, match="cannot be lower"):
        services.event_update(event=event, capacity=1)
    assert services.event_update(event=event, capacity=2, title="New title").title == "New title"


def test_cancelled_and_past_events_refuse_registrations(event, member):
    services.event_cancel(event=event)
    with pytest.raises(RegistrationRefused, match="cancelled"):
        services.registration_create(event=event, member=member)
    past = event_make(starts_in=-timedelta(days=2))
    with pytest.raises(RegistrationRefused, match="over"):
        services.registration_create(event=past, member=member)


def test_cancel_and_mark_held_follow_the_lifecycle(event):
    with pytest.raises(EventStateError, match="not started"):
        services.event_mark_held(event=event)
    services.event_cancel(event=event)
    with pytest.raises(EventStateError):
        services.event_cancel(event=event)
    started = event_make(starts_in=-timedelta(hours=1))
    assert services.event_mark_held(event=started).status == Event.Status.HELD


# SECTION: the door


def test_check_in_is_idempotent(event, member):
    registration = services.registration_create(event=event, member=member)
    first = services.attendance_check_in(token=registration.token)
    assert not first.already and first.registration.attended_at is not None
    second = services.attendance_check_in(token=registration.token)
    assert second.already
    assert second.registration.attended_at == first.registration.attended_at


def test_check_in_reads_the_qr_codes_url(event, member):
    registration = services.registration_create(event=event, member=member)
    url = f"https://example.com/admin/cluster/check-in/?token={registration.token}"
    assert services.attendance_check_in(token=f"  {url} ").registration == registration


def test_check_in_refuses_unknown_tokens():
    for token in ("not-a-token", "", "https://example.com/admin/cluster/check-in/?token=x"):
        with pytest.raises(UnknownRegistration, match="No registration has this code"):
            services.attendance_check_in(token=token)


def test_check_in_refuses_a_cancelled_registration(event, member):
    registration = services.registration_create(event=event, member=member)
    services.registration_cancel(registration=registration)
    with pytest.raises(CheckInRefused, match="was cancelled"):
        services.attendance_check_in(token=registration.token)
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_check_in_refuses_a_cancelled_event(event, member):
    registration = services.registration_create(event=event, member=member)
    services.event_cancel(event=event)
    with pytest.raises(CheckInRefused, match="cancelled"):
        services.attendance_check_in(token=registration.token)


def test_an_attended_registration_cannot_be_cancelled(event, member):
    registration = services.registration_create(event=event, member=member)
    services.attendance_check_in(token=registration.token)
    with pytest.raises(RegistrationRefused, match="came"):
        services.registration_cancel(registration=registration)


# SECTION: feedback and materials


def test_feedback_only_after_attending_and_once(event, member):
    registration = services.registration_create(event=event, member=member)
    with pytest.raises(FeedbackRefused, match="came to the event"):
        services.feedback_give(registration=registration, rating=5)
    services.attendance_check_in(token=registration.token)
    with pytest.raises(FeedbackRefused, match="1 to 5"):
        services.feedback_give(registration=registration, rating=6)
    feedback = services.feedback_give(registration=registration, rating=4, comment=" Utile ")
    assert (feedback.rating, feedback.comment) == (4, "Utile")
    with pytest.raises(FeedbackRefused, match="already"):
        services.feedback_give(registration=registration, rating=5)


def test_a_material_is_a_document_of_the_event(event):
    material = services.material_add(event=event, title="Slides",
                                     file=SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n"))
    assert material.document.title == "Slides"
    assert material.document.collection.name == services.MATERIALS_COLLECTION
    with pytest.raises(InvalidEvent, match="files of these kinds"):
        services.material_add(event=event, title="Virus",
                              file=SimpleUploadedFile("setup.exe", b"MZ"))
