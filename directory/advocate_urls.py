from django.contrib.auth import views as auth_views
from django.urls import path

from . import advocate

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
    path("listings/new/", advocate.propose_new, name="propose_new"),
    path("listings/<int:pk>/", advocate.listing, name="listing"),
    path("listings/<int:pk>/propose/", advocate.propose_edit, name="propose_edit"),
    path("listings/<int:pk>/confirm/", advocate.confirm, name="confirm"),
    path("proposals/<int:pk>/", advocate.proposal, name="proposal"),
    path("proposals/<int:pk>/withdraw/", advocate.withdraw, name="withdraw"),
]
