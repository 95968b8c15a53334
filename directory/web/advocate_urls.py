from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from directory.web import accounts, advocate

app_name = "advocate"

urlpatterns = [
    path("", advocate.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="advocate/login.html", next_page="directory:advocate:home", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="directory:advocate:login"), name="logout"),
    path("password/", advocate.password_change, name="password_change"),
    # Forgotten passwords, for advocates and reviewers alike: Django's views, our templates.
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="advocate/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="advocate/password_reset_confirm.html",
            success_url=reverse_lazy("directory:advocate:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="advocate/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("request-account/", accounts.request_account, name="request_account"),
    path("listings/new/", advocate.propose_new, name="propose_new"),
    path("listings/<int:pk>/", advocate.listing, name="listing"),
    path("listings/<int:pk>/propose/", advocate.propose_edit, name="propose_edit"),
    path("listings/<int:pk>/confirm/", advocate.confirm, name="confirm"),
    path("proposals/<int:pk>/", advocate.proposal, name="proposal"),
    path("proposals/<int:pk>/withdraw/", advocate.withdraw, name="withdraw"),
]
