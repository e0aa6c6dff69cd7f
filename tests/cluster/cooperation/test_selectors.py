"""The board's filters and its constant number of queries; who reads which replies."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cluster.cooperation.selectors import (
    BoardFilters,
    post_board,
    post_replies_visible,
    user_reply_members,
)
from cluster.cooperation.services import post_close, reply_create
from cluster.members.services import member_suspend

pytestmark = pytest.mark.django_db


def _titles(filters: BoardFilters) -> list[str]:
    return [post.title for post in post_board(filters=filters)]


@pytest.fixture
def board(company, make_post):
    member, user = company()
    make_post(member, user, kind="offer", title="Olio", body="Olio extravergine",
              sectors=("food-wine",), area="IT-75")
    make_post(member, user, kind="need", title="Barca", body="Cerchiamo una barca a Kotor",
              sectors=("fishing-sea",), area="ME")
    make_post(member, user, kind="need", title="Vino", body="Cerchiamo vino rosso",
              sectors=("food-wine",), area="AL")
    post_close(post=make_post(member, user, title="Closed one"), by=user)
    suspended, suspended_user = company()
    make_post(suspended, suspended_user, title="Of a suspended member")
    member_suspend(member=suspended)


@pytest.mark.parametrize(("filters", "titles"), [
    (BoardFilters(), ["Vino", "Barca", "Olio"]),
    (BoardFilters(kind="need"), ["Vino", "Barca"]),
    (BoardFilters(sector="food-wine"), ["Vino", "Olio"]),
    (BoardFilters(sector="food"), []),  # a slug never matches part of another
    (BoardFilters(area="ME"), ["Barca"]),
    (BoardFilters(text="cerchiamo rosso"), ["Vino"]),
    (BoardFilters(kind="need", area="IT-75"), []),
])
def test_the_board_shows_open_posts_of_active_members_by_filter(board, filters, titles):
    assert _titles(filters) == titles


def test_the_board_takes_two_queries_whatever_the_number_of_posts(
        company, make_post, django_assert_num_queries):
    member, user = company()
    for n in range(3):
        make_post(member, user, title=f"Post {n}")
    with django_assert_num_queries(2):
        few = [(p.title, p.member.name, p.sectors) for p in post_board(filters=BoardFilters())]
    for n in range(3, 30):
        make_post(member, user, title=f"Post {n}")
    with django_assert_num_queries(2):
        many = [(p.title, p.member.name) for p in post_board(filters=BoardFilters(),
                                                             per_page=25)]
    assert len(few) == 3 and len(many) == 25


def test_a_page_out_of_range_gives_the_last(company, make_post):
    member, user = company()
    for n in range(3):
        make_post(member, user, title=f"Post {n}")
    page = post_board(filters=BoardFilters(), page_number=99, per_page=2)
    assert page.number == 2 and [p.title for p in page] == ["Post 0"]


def test_replies_are_read_by_the_posts_member_managers_and_each_replier_its_own(
        company, make_post, make_user, manager):
    member, user = company()
    post = make_post(member, user)
    beta, beta_user = company()
    gamma, gamma_user = company()
    mine = reply_create(post=post, member=beta, by=beta_user, body="Beta")
    theirs = reply_create(post=post, member=gamma, by=gamma_user, body="Gamma")
    assert post_replies_visible(post=post, user=user) == [mine, theirs]
    assert post_replies_visible(post=post, user=manager) == [mine, theirs]
    assert post_replies_visible(post=post, user=beta_user) == [mine]
    assert post_replies_visible(post=post, user=make_user()) == []
    assert post_replies_visible(post=post, user=AnonymousUser()) == []


def test_who_may_reply_for_which_member(company, make_post, make_user):
    member, user = company()
    post = make_post(member, user)
    other, other_user = company()
    other.users.add(user)  # a user of both companies replies for the other one only
    assert user_reply_members(post=post, user=user) == [other]
    assert user_reply_members(post=post, user=other_user) == [other]
    assert user_reply_members(post=post, user=make_user()) == []
    post = post_close(post=post, by=user)
    assert user_reply_members(post=post, user=other_user) == []
