"""The board's pages: the list with filters, a new post, a post with its replies, closing.
Bad input gives 400 with the messages and writes nothing; others' posts give 403 or 404."""

import pytest

from cluster.cooperation.models import Post, Reply
from cluster.cooperation.services import post_close, reply_create

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_anyone_reads_the_board_with_labelled_filters(company, make_post, client):
    member, user = company(name="Cantina Alfa")
    make_post(member, user, title="Olio per ristoranti")
    post_close(post=make_post(member, user, title="Already closed"), by=user)
    response = client.get("/en/cluster/cooperation/")
    assert response.status_code == 200
    body = _text(response)
    assert "Olio per ristoranti" in body and "Cantina Alfa" in body
    assert "Already closed" not in body
    assert '<label for="id_sector">' in body and '<label for="id_kind">' in body
    response = client.get("/en/cluster/cooperation/?kind=need")
    assert "Olio per ristoranti" not in _text(response)


def test_a_filter_that_cannot_be_read_is_400_with_its_message(client):
    response = client.get("/en/cluster/cooperation/?kind=gift&area=FR")
    assert response.status_code == 400
    assert "Select a valid choice" in _text(response)


def test_the_members_directory_links_to_the_board(client):
    assert "/en/cluster/cooperation/" in _text(client.get("/en/cluster/members/"))


def test_posting_asks_to_sign_in_and_a_member(client, make_user):
    response = client.get("/en/cluster/cooperation/new/")
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user())
    response = client.get("/en/cluster/cooperation/new/")
    assert response.status_code == 403
    response = client.post("/en/cluster/cooperation/new/", {"title": "x"})
    assert response.status_code == 403 and not Post.objects.exists()


def test_a_member_posts_and_lands_on_the_post(company, client):
    member, user = company()
    client.force_login(user)
    form = client.get("/en/cluster/cooperation/new/")
    assert form.status_code == 200 and '<label for="id_title">' in _text(form)
    response = client.post("/en/cluster/cooperation/new/", {
        "member": member.pk, "kind": "need", "title": "Trasporto refrigerato",
        "body": "Da Bari a Durazzo, ogni settimana.", "sectors": ["food-wine"],
        "area": "IT-75"})
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/cluster/cooperation/{post.pk}/")
    assert (post.member, post.kind, post.sectors) == (member, "need", ["food-wine"])


def test_bad_input_is_400_with_its_messages_and_nothing_written(company, client):
    member, user = company()
    other, _user = company()
    client.force_login(user)
    response = client.post("/en/cluster/cooperation/new/", {
        "member": member.pk, "kind": "offer", "title": "", "body": "x"})
    assert response.status_code == 400 and "This field is required" in _text(response)
    response = client.post("/en/cluster/cooperation/new/", {  # another member's
        "member": other.pk, "kind": "offer", "title": "T", "body": "B"})
    assert response.status_code == 400 and "Select a valid choice" in _text(response)
    assert not Post.objects.exists()


def test_a_post_is_for_signed_in_users(company, make_post, client, make_user):
    post = make_post(*company())
    url = f"/en/cluster/cooperation/{post.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(make_user())
    response = client.get(url)
    assert response.status_code == 200 and post.title in _text(response)
    assert 'name="body"' not in _text(response)  # not a member: no reply form
    assert client.get("/en/cluster/cooperation/999999/").status_code == 404


def test_another_member_replies_on_the_post(company, make_post, client):
    member, user = company()
    post = make_post(member, user)
    other, other_user = company(name="Cantina Beta")
    client.force_login(other_user)
    url = f"/en/cluster/cooperation/{post.pk}/"
    page = _text(client.get(url))
    assert '<label for="id_body">' in page and "Close this post" not in page
    response = client.post(url, {"member": other.pk, "body": "Possiamo aiutarvi."})
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.member, reply.created_by) == (other, other_user)
    client.force_login(user)
    body = _text(client.get(url))
    assert "Possiamo aiutarvi." in body and "Cantina Beta" in body


def test_a_reply_refused_is_a_4xx_with_its_message_and_nothing_written(
        company, make_post, client, make_user):
    member, user = company()
    post = make_post(member, user)
    url = f"/en/cluster/cooperation/{post.pk}/"
    client.force_login(user)  # its own post
    assert client.post(url, {"member": member.pk, "body": "Io"}).status_code == 403
    other, other_user = company()
    client.force_login(other_user)
    response = client.post(url, {"member": other.pk, "body": ""})
    assert response.status_code == 400 and "This field is required" in _text(response)
    client.force_login(make_user())  # no member
    assert client.post(url, {"member": other.pk, "body": "Io"}).status_code == 403
    post_close(post=post, by=user)
    client.force_login(other_user)
    response = client.post(url, {"member": other.pk, "body": "Tardi"})
    assert response.status_code == 403 and "closed" in _text(response)
    assert not Reply.objects.exists()


def test_replies_of_others_stay_hidden_from_a_replier(company, make_post, client):
    post = make_post(*company())
    beta, beta_user = company()
    gamma, gamma_user = company()
    reply_create(post=post, member=beta, by=beta_user, body="Offerta di Beta")
    reply_create(post=post, member=gamma, by=gamma_user, body="Offerta di Gamma")
    client.force_login(beta_user)
    body = _text(client.get(f"/en/cluster/cooperation/{post.pk}/"))
    assert "Offerta di Beta" in body and "Offerta di Gamma" not in body


def test_closing_is_a_post_by_the_posts_member_or_a_manager(company, make_post, client,
                                                            manager):
    member, user = company()
    post = make_post(member, user)
    url = f"/en/cluster/cooperation/{post.pk}/close/"
    assert client.post(url).status_code == 302  # to sign in
    _other, stranger = company()
    client.force_login(stranger)
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    post.refresh_from_db()
    assert post.is_open
    client.force_login(user)
    assert "Close this post" in _text(client.get(f"/en/cluster/cooperation/{post.pk}/"))
    assert client.post(url).status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.CLOSED
    assert client.post(url).status_code == 409  # closed already
    second = make_post(member, user)
    client.force_login(manager)
    assert client.post(f"/en/cluster/cooperation/{second.pk}/close/").status_code == 302
    assert client.post("/en/cluster/cooperation/999999/close/").status_code == 404
