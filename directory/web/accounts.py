"""Accounts for advocates and reviewers: asking for an advocate's account, a reviewer
approving it, and the emails that let someone set (or reset) their own password.

Password reset is Django's own views with the site's templates (advocate_urls.py); the
approval email carries the same kind of one-time link, so a new advocate chooses their
password themselves and no password ever travels by email.

The request form is public, so it is guarded as the suggestion form is: CSRF, a
honeypot, and ACCOUNT_REQUESTS per client and hour across every worker (ratelimit.py).
"""

import secrets

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from directory.infra import ratelimit
from directory.models import AccountRequest, Organization
from directory.review.notifications import _link, _notify_reviewers, _send
from directory.review.proposals import ReviewError
from directory.review.roles import user_add_to_role
from directory.web.forms import HoneypotForm

ACCOUNT_REQUESTS = ratelimit.Limit(scope="account-requests", hits=5, seconds=60 * 60)
# Each request sends an email to whoever owns the address: limited so that nobody can
# flood someone's inbox through us.
PASSWORD_RESETS = ratelimit.Limit(scope="password-resets", hits=5, seconds=60 * 60)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view with the site's templates, at most PASSWORD_RESETS per client and hour."""

    template_name = "advocate/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("directory:advocate:password_reset_done")

    def form_valid(self, form) -> HttpResponse:
        if not ratelimit.hit(PASSWORD_RESETS, self.request):
            return render(self.request, "advocate/password_reset.html", {"form": form, "limited": True}, status=429)
        return super().form_valid(form)


class AccountRequestForm(HoneypotForm, forms.ModelForm):

    class Meta:
        model = AccountRequest
        fields = ["organization", "name", "email", "phone"]
        labels = {
            "organization": _("Your organization"),
            "name": _("Your name"),
            "email": _("Your work email"),
            "phone": _("A phone number where a reviewer can reach you"),
        }
        help_texts = {"email": _("We send the link to set your password here.")}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
        }


@require_http_methods(["GET", "HEAD", "POST"])
def request_account(request: HttpRequest) -> HttpResponse:
    context = {"sent": False, "limited": False}
    if request.method != "POST":
        return render(request, "advocate/request_account.html", {**context, "form": AccountRequestForm()})
    form = AccountRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "advocate/request_account.html", {**context, "form": form})
    if not ratelimit.hit(ACCOUNT_REQUESTS, request):
        return render(request, "advocate/request_account.html", {**context, "limited": True}, status=429)
    if not form.is_spam():
        account_request_submit(form.save(commit=False), language=getattr(request, "LANGUAGE_CODE", "en"))
    return render(request, "advocate/request_account.html", {**context, "sent": True})


def account_request_submit(account_request: AccountRequest, *, language: str = "en") -> AccountRequest:
    with transaction.atomic():
        account_request.language = language
        account_request.save()
        transaction.on_commit(lambda: notify_reviewers_of_account_request(account_request))
        return account_request


def notify_reviewers_of_account_request(account_request: AccountRequest) -> int:
    context = {
        "organization": account_request.organization,
        "link": _link(reverse("admin:directory_accountrequest_change", args=[account_request.pk])),
    }
    return _notify_reviewers(
        subject=_("An advocate's account was requested for %(organization)s"),
        template="account_requested",
        context=context,
    )


def _username_for(email: str) -> str:
    User = get_user_model()
    base = email.strip().lower()[:140]
    username, n = base, 2
    while User.objects.filter(username=username).exists():
        username, n = f"{base}-{n}", n + 1
    return username


def account_request_approve(
    *, account_request: AccountRequest, reviewer: AbstractBaseUser, organization: Organization | None = None
) -> AbstractBaseUser:
    """An advocate's account for the request's organization (found by its exact name, or
    created); they choose their password from the emailed link."""
    User = get_user_model()
    with transaction.atomic():
        locked = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
        if locked.status != AccountRequest.Status.PENDING:
            raise ReviewError(gettext("This request has already been decided."))
        if User.objects.filter(email__iexact=locked.email, is_active=True).exists():
            raise ReviewError(
                gettext("Someone already has an account with %(email)s: add them to the organization instead.")
                % {"email": locked.email}
            )
        organization = organization or Organization.objects.get_or_create(name=locked.organization.strip())[0]
        first, _space, last = locked.name.strip().partition(" ")
        user = User(username=_username_for(locked.email), email=locked.email, first_name=first[:150], last_name=last[:150])
        # A random password nobody knows: the emailed link sets theirs, and "forgot your
        # password" (which skips accounts without a usable one) still works if it expires.
        user.set_password(secrets.token_urlsafe(32))
        user.save()
        user_add_to_role(user=user, role="advocate", organization=organization)
        locked.status = AccountRequest.Status.APPROVED
        locked.user = user
        locked.decided = timezone.now()
        locked.decided_by = reviewer
        locked.save(update_fields=["status", "user", "decided", "decided_by"])
        transaction.on_commit(lambda: send_welcome(locked, user))
        return user


def account_request_decline(*, account_request: AccountRequest, reviewer: AbstractBaseUser) -> bool:
    """Decline a request (no email: the reviewer calls or writes, knowing why); False if
    it was already decided."""
    updated = AccountRequest.objects.filter(pk=account_request.pk, status=AccountRequest.Status.PENDING).update(
        status=AccountRequest.Status.DECLINED, decided=timezone.now(), decided_by=reviewer
    )
    return bool(updated)


def password_link(user: AbstractBaseUser, *, language: str) -> str:
    """A one-time link to choose a password (Django's password reset token)."""
    with translation.override(language):
        path = reverse(
            "directory:advocate:password_reset_confirm",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
        )
    return _link(path)


def send_welcome(account_request: AccountRequest, user: AbstractBaseUser) -> int:
    language = account_request.language if account_request.language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        context = {"name": account_request.name, "username": user.get_username(), "link": password_link(user, language=language)}
        body = render_to_string("emails/account_approved.txt", context)
        subject = gettext("Your advocate's account for the New Mexico Survivor Resource Directory")
    return _send([EmailMessage(subject=subject, body=body, to=[user.email])])
