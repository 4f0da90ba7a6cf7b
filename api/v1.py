"""Version 1 of the API, served at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json.

Django Ninja draws the schema from the type annotations the endpoints are written with, so the
schema and the answers cannot drift apart; it serves its documentation page from the site's own
static files.
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from api import public, staff


class Utf8Renderer(JSONRenderer):
    """Arabic written as itself (UTF-8, as JSON is), not as \\u escapes three times its size."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Multaqa API",
    version="1",
    description="Events, agendas and the directory of the network, and, with a personal token, "
    "the registrations and attendance of the events a member of staff may see.",
    urls_namespace="api-v1",
    docs_url="/docs",
    renderer=Utf8Renderer(),
)
api.add_router("/", public.router)
api.add_router("/staff/", staff.router)
