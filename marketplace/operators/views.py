"""Public pages of tour operators: sign up, sign in, set a password from an invitation, and the
account page where an owner manages its agents and members get an API token.

Views parse the request, call one service and render; bad input re-renders the form with a
4xx status and the service's message.
"""

import pycountry
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.operators import selectors as operator_selectors
from marketplace.operators.models import OperatorMember
from marketplace.operators.services import operators as operator_services

SIGN_IN_URL = reverse_lazy("marketplace:operator_sign_in")


def _country_choices() -> list[tuple[str, str]]:
    countries = sorted(pycountry.countries, key=lambda country: country.name)
    return [("", "—")] + [(country.alpha_2, country.name) for country in countries]


class OperatorSignupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Company name"), max_length=200)
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=_country_choices)
    vat_number = forms.CharField(
        label=gettext_lazy("VAT number"), max_length=40,
        help_text=gettext_lazy("With or without the country prefix, e.g. DE123456789."))
    contact_name = forms.CharField(label=gettext_lazy("Contact person"), max_length=120)
    email = forms.EmailField(label=gettext_lazy("Email"),
                             help_text=gettext_lazy("You will sign in with it."))
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    password1 = forms.CharField(label=gettext_lazy("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_country(self):
        return operator_services.operator_country_normalise(value=self.cleaned_data["country"])

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second:
            if first != second:
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    validate_password(first)
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Agent's email"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120, required=False)


@require_http_methods(["GET", "POST"])
def operator_join(request):
    """The sign-up form; a valid one creates a pending operator and its owner (services)."""
    form = OperatorSignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operator_services.operator_signup(
                name=data["name"], country=data["country"], vat_number=data["vat_number"],
                email=data["email"], password=data["password1"],
                contact_name=data["contact_name"], phone=data["phone"],
                website=data["website"], language=translation.get_language())
        except MarketplaceError as exc:
            status = form_error_add(form, exc)
        else:
            return redirect("marketplace:operator_join_thanks")
    if form.errors and status == 200:
        status = 400
    return render(request, "marketplace/operators/join.html", {"form": form}, status=status)


def operator_join_thanks(request):
    return render(request, "marketplace/operators/join_thanks.html")


class OperatorSignInView(auth_views.LoginView):
    template_name = "marketplace/operators/sign_in.html"

    def get_default_redirect_url(self):
        return reverse("marketplace:operator_account")


class OperatorSignOutView(auth_views.LogoutView):
    next_page = SIGN_IN_URL


class OperatorSetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of an invitation: set a password, then land signed in on the account page."""

    template_name = "marketplace/operators/set_password.html"
    post_reset_login = True
    success_url = reverse_lazy("marketplace:operator_account")

    def render_to_response(self, context, **response_kwargs):
        if not context.get("validlink"):  # used or expired: a 400, as for an invitation
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)


def _account_context(request, membership: OperatorMember, **extra) -> dict:
    operator = membership.operator
    is_owner = membership.role == OperatorMember.Role.OWNER
    context = {
        "membership": membership,
        "operator": operator,
        "is_owner": is_owner,
        "members": operator_services.operator_members(operator=operator),
        "contracts": (operator_selectors.operator_contracts(operator=operator)
                      if operator.is_approved else []),
        "member_form": MemberAddForm() if is_owner and operator.is_approved else None,
        "api_token": request.session.pop("operator_api_token", None),
    }
    context.update(extra)
    return context


@login_required(login_url=SIGN_IN_URL)
@require_http_methods(["GET"])
def operator_account(request):
    """The operator's status, contracts and members; a user in no operator gets a 403 page
    that points to the sign-up."""
    membership = operator_services.operator_membership(user=request.user)
    if membership is None:
        return render(request, "marketplace/operators/no_operator.html", status=403)
    return render(request, "marketplace/operators/account.html",
                  _account_context(request, membership))


@login_required(login_url=SIGN_IN_URL)
@require_POST
def operator_member_add(request):
    """Invite an agent (owners of approved operators only): the same answer whether the
    address has an account or not; nobody joins before accepting the emailed link."""
    membership = operator_services.operator_membership(user=request.user)
    if membership is None:
        return render(request, "marketplace/operators/no_operator.html", status=403)
    form = MemberAddForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            operator_services.operator_member_invite(
                operator=membership.operator, email=form.cleaned_data["email"],
                name=form.cleaned_data["name"], by=request.user,
                base_url=request.build_absolute_uri("/"))
        except MarketplaceError as exc:
            status = form_error_add(form, exc)
        else:
            messages.success(request, _("An invitation was emailed to %(email)s.")
                             % {"email": form.cleaned_data["email"]})
            return redirect("marketplace:operator_account")
    return render(request, "marketplace/operators/account.html",
                  _account_context(request, membership, member_form=form), status=status)


class InvitationPasswordForm(forms.Form):
    password1 = forms.CharField(label=gettext_lazy("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


@require_http_methods(["GET", "POST"])
def operator_invitation(request, token: str):
    """An invitation link: the invited person accepts it, signed in as the invited address
    or, for an address with no account, by choosing a password."""
    template = "marketplace/operators/invitation.html"
    try:
        invitation = operator_services.operator_invitation_read(token=token)
    except MarketplaceError as exc:
        return render(request, template, {"error": exc.message}, status=exc.status_code)
    account = operator_services.invitation_account(invitation=invitation)
    if account is not None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), SIGN_IN_URL)
    form = None if request.user.is_authenticated else InvitationPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            member = operator_services.operator_invitation_accept(
                token=token, user=request.user if form is None else None,
                password="" if form is None else form.cleaned_data["password1"])
        except MarketplaceError as exc:
            return render(request, template, {"invitation": None, "error": exc.message},
                          status=exc.status_code)
        if form is not None:
            login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("marketplace:operator_account")
    if form is not None and form.errors:
        status = 400
    return render(request, template, {"invitation": invitation, "form": form}, status=status)


@login_required(login_url=SIGN_IN_URL)
@require_POST
def operator_member_remove(request, pk: int):
    """Remove an agent (owners of approved operators only)."""
    member = get_object_or_404(OperatorMember.objects.select_related("user"), pk=pk)
    try:
        operator_services.operator_member_remove(member=member, by=request.user)
    except MarketplaceError as exc:
        membership = operator_services.operator_membership(user=request.user)
        if membership is None:
            return render(request, "marketplace/operators/no_operator.html", status=403)
        messages.error(request, exc.message)
        return render(request, "marketplace/operators/account.html",
                      _account_context(request, membership), status=exc.status_code)
    messages.success(request, _("%(email)s is no longer a member.") % {"email": member.user.email})
    return redirect("marketplace:operator_account")


@login_required(login_url=SIGN_IN_URL)
@require_POST
def operator_token(request):
    """Show the member's API token once (a new one when asked to renew)."""
    if operator_services.operator_membership(user=request.user) is None:
        return render(request, "marketplace/operators/no_operator.html", status=403)
    try:
        key = operator_services.operator_api_token(user=request.user,
                                                   renew=request.POST.get("renew") == "1")
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return redirect("marketplace:operator_account")
    request.session["operator_api_token"] = key
    return redirect("marketplace:operator_account")
