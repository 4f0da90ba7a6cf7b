"""The security headers every answer carries, decided in one place.

- **Content Security Policy** (django-csp): the public site and the check-in desk run no
  inline script and no style attribute; scripts, styles, fonts and images come from the
  site itself (QR codes are ``data:`` images). The desk may also compile the QR decoder it
  serves (WebAssembly). The Wagtail admin runs inline scripts of its own (form widgets and
  inline panels), so its policy allows inline scripts and styles but still loads nothing
  from another site and can be framed only by itself (page previews).
- **Permissions-Policy**: no page may use the camera, microphone, location or payment
  features, except the desk's pages, which may use the camera to scan tickets.
- **Cache-Control**: every answer to a signed-in visitor is ``private, no-store`` (their
  pages hold their own or other people's data), as are the participant pages reached by a
  personal link (``events.registrations.views.helpers.personal``).
"""

from csp.decorators import csp_replace
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_cache_control

ADMIN_PREFIX = "/admin/"
DESK_NAMESPACE = "attendance"
DESK_VIEWS = "desk"
# Decided by the address, not by a mark on the view's answer: an answer from the page cache
# (core/pagecache.py) keeps its headers but not the marks of the view that made it.
EMBED_PREFIX = "/embed/"

# Features a page could ask the browser for; none is used outside the desk's camera.
FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "display-capture")


def is_admin(request):
    return request.path_info.startswith(ADMIN_PREFIX)


def is_desk(request):
    """The check-in desk's pages (any language): ``attendance:desk…``."""
    match = getattr(request, "resolver_match", None)
    return bool(match and DESK_NAMESPACE in match.namespaces and (match.url_name or "").startswith(DESK_VIEWS))


def is_embed(request):
    """A page made for other sites to show in a frame (``events.widget``)."""
    return request.path_info.startswith(EMBED_PREFIX)


# A view whose page shows the site's own embeddable pages in a frame (the widget's preview).
# Not for a page the page cache stores, whose stored answer would lose the mark.
frames_own_pages = csp_replace({"frame-src": ["'self'"]})


def signed_in(request):
    """True for a signed-in visitor, without opening a session for one who has no cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def permissions_policy(request):
    allowed = {"camera"} if is_desk(request) else set()
    return ", ".join(f"{feature}=(self)" if feature in allowed else f"{feature}=()" for feature in FEATURES)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's and the desk's policies, plus the
    Permissions-Policy and the no-store rule for signed-in visitors."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            if is_admin(request):
                parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            elif is_desk(request):
                parts.update = {**(parts.update or {}), "script-src": ["'wasm-unsafe-eval'"]}
            elif is_embed(request):
                parts.replace = {**(parts.replace or {}), "frame-ancestors": ["*"]}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if is_embed(request):
            # Read by Django's XFrameOptionsMiddleware, which runs after this one.
            response.xframe_options_exempt = True
        response.setdefault("Permissions-Policy", permissions_policy(request))
        if signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
