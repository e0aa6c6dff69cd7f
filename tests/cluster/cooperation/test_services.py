"""Posting, replying and closing: who may, what is refused (nothing written then), and the
emails sent once the write commits."""

import logging

import pytest
from django.core import mail

from cluster.cooperation.errors import (
    CooperationError,
    CooperationPermissionDenied,
    CooperationStateError,
)
from cluster.cooperation.models import Post, Reply
from cluster.cooperation.services import post_close, reply_create
from cluster.members.services import member_suspend

pytestmark = pytest.mark.django_db


# SECTION: posting


def test_a_user_of_an_active_member_posts(company, make_post):
    member, user = company()
    post = make_post(member, user, title="  Olio   per ristoranti ", sectors=("food-wine", ""))
    assert (post.member, post.created_by, post.status) == (member, user, Post.Status.OPEN)
    assert post.title == "Olio per ristoranti" and post.sectors == ["food-wine"]
    assert post.closed_at is None and post.created_at.tzinfo is not None


def test_a_manager_posts_for_a_member(company, make_post, manager):
    member, _user = company()
    assert make_post(member, manager).created_by == manager


def test_someone_else_may_not_post_for_a_member(company, make_post):
    member, _user = company()
    _other, stranger = company()
    with pytest.raises(CooperationPermissionDenied) as refused:
        make_post(member, stranger)
    assert refused.value.status_code == 403 and not Post.objects.exists()


def test_a_member_that_is_not_active_may_not_post(company, make_post, make_member, make_user):
    user = make_user()
    applied = make_member(active=False, users=[user])
    with pytest.raises(CooperationStateError):
        make_post(applied, user)
    member, user = company()
    member_suspend(member=member)
    with pytest.raises(CooperationStateError) as refused:
        make_post(member, user)
    assert refused.value.status_code == 409 and not Post.objects.exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": "   "}, "title"),
    ({"body": ""}, "body"),
    ({"title": "x" * 151}, "title"),
    ({"body": "x" * 5001}, "body"),
    ({"kind": "gift"}, "kind"),
    ({"sectors": ("nope",)}, "sectors"),
    ({"area": "FR"}, "area"),
])
def test_wrong_values_are_refused_with_their_field(company, make_post, overrides, field):
    member, user = company()
    with pytest.raises(CooperationError) as refused:
        make_post(member, user, **overrides)
    assert refused.value.field == field and refused.value.status_code == 400
    assert not Post.objects.exists()


# SECTION: replying


def test_another_member_replies(company, make_post):
    post = make_post(*company())
    other, user = company()
    reply = reply_create(post=post, member=other, by=user, body=" Ci interessa. ")
    assert (reply.post, reply.member, reply.created_by, reply.body) == (
        post, other, user, "Ci interessa.")


def test_a_member_may_not_reply_to_its_own_post(company, make_post):
    member, user = company()
    post = make_post(member, user)
    with pytest.raises(CooperationStateError):
        reply_create(post=post, member=member, by=user, body="Io stesso")
    assert not Reply.objects.exists()


def test_a_closed_post_takes_no_replies(company, make_post):
    member, user = company()
    post = post_close(post=make_post(member, user), by=user)
    other, other_user = company()
    with pytest.raises(CooperationStateError) as refused:
        reply_create(post=post, member=other, by=other_user, body="Tardi")
    assert refused.value.status_code == 409 and not Reply.objects.exists()


def test_only_a_user_of_the_replying_member_replies(company, make_post, make_user, manager):
    post = make_post(*company())
    other, _user = company()
    for someone in (make_user(), manager):
        with pytest.raises(CooperationPermissionDenied):
            reply_create(post=post, member=other, by=someone, body="Per conto d'altri")
    assert not Reply.objects.exists()


def test_a_member_that_is_not_active_may_not_reply(company, make_post):
    post = make_post(*company())
    other, user = company()
    member_suspend(member=other)
    with pytest.raises(CooperationStateError):
        reply_create(post=post, member=other, by=user, body="Sospesi")


@pytest.mark.parametrize("body", ["  ", "x" * 3001])
def test_a_reply_needs_a_text_of_bounded_length(company, make_post, body):
    post = make_post(*company())
    other, user = company()
    with pytest.raises(CooperationError) as refused:
        reply_create(post=post, member=other, by=user, body=body)
    assert refused.value.field == "body" and not Reply.objects.exists()


# SECTION: closing


def test_the_posts_member_or_a_manager_closes_it(company, make_post, manager):
    member, user = company()
    post = post_close(post=make_post(member, user), by=user)
    assert post.status == Post.Status.CLOSED and post.closed_at.tzinfo is not None
    assert post_close(post=make_post(member, user), by=manager).status == Post.Status.CLOSED


def test_no_one_else_closes_a_post_and_twice_is_refused(company, make_post):
    member, user = company()
    post = make_post(member, user)
    _other, stranger = company()
    with pytest.raises(CooperationPermissionDenied):
        post_close(post=post, by=stranger)
    post.refresh_from_db()
    assert post.is_open
    post_close(post=post, by=user)
    with pytest.raises(CooperationStateError):
        post_close(post=post, by=user)


# SECTION: notifications


def test_a_new_reply_emails_the_posts_member_once_committed(
        company, make_post, django_capture_on_commit_callbacks):
    member, user = company()
    post = make_post(member, user)
    other, other_user = company(name="Cantina Beta")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_create(post=post, member=other, by=other_user, body="Ci interessa molto.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([member.email, user.email])
    assert "Cantina Beta" in message.subject and "Ci interessa molto." in message.body
    assert f"/cluster/cooperation/{post.pk}/" in message.body


def test_posting_and_closing_email_the_companies_concerned(
        company, make_post, django_capture_on_commit_callbacks):
    member, user = company()
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(member, user)
    assert [sorted(m.to) for m in mail.outbox] == [sorted([member.email, user.email])]
    other, other_user = company()
    reply_create(post=post, member=other, by=other_user, body="Sì")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_close(post=post, by=user)
    assert [sorted(m.to) for m in mail.outbox] == [sorted([other.email, other_user.email])]


def test_nothing_is_sent_when_the_write_is_refused(
        company, make_post, django_capture_on_commit_callbacks):
    member, user = company()
    post = make_post(member, user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(CooperationStateError):
            reply_create(post=post, member=member, by=user, body="Io")
    assert not callbacks and not mail.outbox


def test_a_failing_mail_server_is_logged_and_undoes_nothing(
        company, make_post, django_capture_on_commit_callbacks, monkeypatch, caplog):
    post = make_post(*company())
    other, user = company()

    def broken(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with caplog.at_level(logging.ERROR, logger="cluster.cooperation.services"):
        with django_capture_on_commit_callbacks(execute=True):
            reply = reply_create(post=post, member=other, by=user, body="Ci sono")
    assert Reply.objects.filter(pk=reply.pk).exists()
    assert "Could not email" in caplog.text
