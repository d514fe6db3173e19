"""Staff log-in, log-out, the landing page that sends each role to its screen, and the
language switch that also remembers the employee's choice."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from staff.access import landing_url, staff_of


def _remember_language(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


class LoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """Log in, then show every page in the employee's own language."""
        response = super().form_valid(form)
        staff = staff_of(form.get_user())
        if staff is not None:
            translation.activate(staff.language)
            _remember_language(response, staff.language)
        return response


class LogoutView(auth_views.LogoutView):
    next_page = settings.LOGIN_URL


@login_required
def landing(request):
    url = landing_url(staff_of(request.user))
    if url is None:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return redirect(url)


@require_POST
def set_language(request):
    """Switch the page language; a logged-in employee keeps it for next time."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    staff = staff_of(request.user)
    if staff is not None and staff.language != language:
        staff.language = language
        staff.save(update_fields=["language"])
    response = redirect(next_url)
    _remember_language(response, language)
    return response
