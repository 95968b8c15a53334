"""Reviewers decide requests for an advocate's account (accounts.py)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from directory.models import AccountRequest
from directory.review.proposals import ReviewError
from directory.web.accounts import account_request_approve, account_request_decline


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "email", "phone", "created", "status"]
    list_filter = ["status"]
    search_fields = ["name", "organization", "email"]
    readonly_fields = ["language", "status", "created", "decided", "decided_by", "user"]
    actions = ["approve", "decline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests come from the public form

    @admin.action(description=_("Approve: create an advocate's account and email them a link"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        approved = 0
        for account_request in queryset.filter(status=AccountRequest.Status.PENDING):
            try:
                account_request_approve(account_request=account_request, reviewer=request.user)
            except ReviewError as error:
                self.message_user(request, f"{account_request}: {error}", messages.ERROR)
            else:
                approved += 1
        if approved:
            self.message_user(
                request,
                ngettext(
                    "Approved %(count)d request: the advocate was emailed a link to set a password.",
                    "Approved %(count)d requests: each advocate was emailed a link to set a password.",
                    approved,
                )
                % {"count": approved},
                messages.SUCCESS,
            )

    @admin.action(description=_("Decline selected requests"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(account_request_decline(account_request=item, reviewer=request.user) for item in queryset)
        self.message_user(request, gettext("Declined %(count)d request(s).") % {"count": count}, messages.SUCCESS)
