"""Running the authorization matrix (test_matrix.py): one signed-in client per role, every
address asked of each, each answer judged against the access table and searched for what it
must not show, and the report written to test-artifacts/matrix-<database>-<shard>.txt."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.test import Client

from tests.not_found import assert_not_found
from tests.security import matrix_roles
from tests.security.matrix_requests import outcome, post_data, takes_post

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class StandInDocument:
    """What core.pdf.html() gives while the matrix runs: a one-page PDF, nothing drawn."""

    pages = [None]

    def render(self, **options):
        return self

    def copy(self, pages):
        return self

    def write_pdf(self, **options):
        return b"%PDF-1.4 stand-in"


class Role:
    """One role's client, signed in once, and signed in again after an address signs it out.
    Each request runs in a savepoint rolled back after it: a deletion or a cancellation leaves
    the next request the same data."""

    def __init__(self, name, user):
        self.name, self.user = name, user
        self.client = Client(raise_request_exception=False)
        self.sign_in()

    def sign_in(self):
        if self.user is not None:
            self.client.force_login(self.user)

    def ask(self, method, url, data):
        savepoint = transaction.savepoint()
        try:
            response = self.client.post(url, data) if method == "post" else self.client.get(url)
        finally:
            transaction.savepoint_rollback(savepoint)
        # Messages are never read here (redirects are not followed): left in the cookie they
        # would grow with every request.
        self.client.cookies.pop("messages", None)
        cookie = self.client.cookies.get("sessionid")
        if self.user is not None and not (cookie and cookie.value):
            self.sign_in()
        return response


@dataclass
class Matrix:
    """The access table and what may be seen, and what the requests found."""

    world: dict
    values: dict  # the world's records as addresses carry them (matrix_requests.values_of)
    access: dict
    blind: set  # roles that may see none of event A's people on any page
    shown: dict  # pattern: what it shows of them by design to whoever reaches it
    requests: int = 0
    problems: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    def run(self, target, roles):
        """GET as every role; POST too when the view takes one (asked of the first role, the
        superuser, when only a request can tell)."""
        access = self.access.get(target.key)
        if target.key.startswith("page:") or (access is not None and not access.posted):
            posts = False
        else:
            posts = takes_post(target.url)
        data = post_data(target, self.values)
        for method in ("get", "post"):
            if method == "post" and posts is False:
                continue
            for role in roles:
                begun = time.monotonic()
                response = role.ask(method, target.url, data)
                result = self.judge(target, method, role.name, response)
                self.rows.append((target, method, role.name, result, response.status_code, time.monotonic() - begun))
                self.requests += 1
                if method == "post" and posts is None and result == "method":
                    break

    def judge(self, target, method, role, response):
        result = outcome(response)
        where = f"{role} {method.upper()} {target.url} ({target.key})"
        access = self.access.get(target.key)
        if result == "error":
            self.problems.append(f"{where}: server error {response.status_code}")
            return result
        if access is None:
            return result
        allowed = access.allows(role, method)
        if allowed and result not in ("ok", "method"):
            self.problems.append(f"{where}: refused ({result} {response.status_code}) but the table allows it")
        elif not allowed and result not in ("login", "denied", "method"):
            self.problems.append(f"{where}: reached ({response.status_code}) but the table refuses it")
        try:
            if not allowed or result in ("login", "denied"):
                self.check_refusal(response, role, target)
            elif role in self.blind:
                check_nothing_shown(response, self.hidden_from(role, target, refused=False))
        except AssertionError as error:
            self.problems.append(f"{where}: {error or 'not the site not-found page'}")
        return result

    def hidden_from(self, role, target, refused):
        """What an answer to ``role`` must not show: event A's people (but the participant's
        own name and details to them), in a refusal also statuses and counts; nothing already
        in the address or shown there by design."""
        references = self.world["references"]
        secrets = matrix_roles.people_of_a() + references
        if refused:
            secrets += matrix_roles.statuses_and_counts()
        if role == "participant":
            name, name_ar, email, phone, _status = matrix_roles.PEOPLE_OF_A[0]
            own = {name, name_ar, email, phone, phone.replace(" ", ""), references[0]}
            secrets = [secret for secret in secrets if secret not in own]
        shown = self.shown.get(target.key, ())
        return [secret for secret in secrets if secret not in target.url and secret not in shown]

    def check_refusal(self, response, role, target):
        """A refusal leaks nothing: it is the site's not-found page when it is one, and shows
        none of the hidden strings."""
        hides = self.hidden_from(role, target, refused=True)
        if response.status_code == 404 and "404.html" in [template.name for template in response.templates or []]:
            assert_not_found(response, target.language, hides=hides)
        check_nothing_shown(response, hides)

    def report(self, targets, seconds, cpu_seconds, shard):
        """The summary line of ``shard`` (``"1 of 4"``); it and every request's outcome are
        written to the shard's artifact."""
        patterns = len({target.key for target in targets})
        posted = len({row[0].url for row in self.rows if row[1] == "post"})
        summary = (
            f"authorization matrix on {connection.vendor}, shard {shard}:"
            f" {len(targets)} URLs ({patterns} patterns and page"
            f" types) x {len(matrix_roles.ROLES)} roles x GET (all URLs) and POST ({posted} URLs)"
            f" = {self.requests} requests in {seconds:.1f} s ({cpu_seconds:.1f} s of this process's CPU),"
            f" {len(self.problems)} problems"
        )
        lines = [summary, ""]
        lines += [
            f"{role:<18} {method:<4} {result:<6} {status} {spent * 1000:5.0f} ms {target.key}\t{target.url}"
            for target, method, role, result, status, spent in self.rows
        ]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        number = shard.split()[0]
        (ARTIFACTS / f"matrix-{connection.vendor}-{number}.txt").write_text("\n".join(lines) + "\n")
        return summary


def shown_by(response):
    """What the answer shows: its body, where a redirect leads, and the messages it leaves for
    the next page."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    storage = getattr(response.wsgi_request, "_messages", None)
    notes = [str(message.message) for message in getattr(storage, "_queued_messages", [])]
    return "\n".join([content.decode(errors="replace"), response.get("Location", ""), *notes])


def check_nothing_shown(response, hides):
    shown = shown_by(response)
    leaked = [secret for secret in hides if secret in shown]
    assert not leaked, f"the answer shows {leaked}"
