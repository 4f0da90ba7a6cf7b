"""The signature every request carries, and the way docs/webhooks.md tells receivers to check
it: the documentation's Python is run here against what the site signs, and the example
request it shows is checked with the secret it names."""

import hashlib
import hmac
import re
import time
from pathlib import Path

from webhooks import signing

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
BODY = '{"kind":"registration.created","person":{"name_ar":"نور علي"}}'.encode()


def documented_verify():
    """The ``verify`` of the documentation's Python block, as a receiver would paste it."""
    code = re.search(r"In Python:\n\n```python\n(.*?)```", DOCS.read_text(), re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own documentation's example
    return namespace["verify"]


def test_the_signature_is_the_hmac_of_the_time_a_full_stop_and_the_body():
    header = signing.signature_header("whsec_abc", BODY, timestamp=1767225600)
    timestamp, digest = header.split(",")
    assert timestamp == "t=1767225600"
    expected = hmac.new(b"whsec_abc", b"1767225600." + BODY, hashlib.sha256).hexdigest()
    assert digest == f"v1={expected}"


def test_the_documented_check_accepts_a_fresh_signature_and_refuses_everything_else():
    verify = documented_verify()
    now = int(time.time())
    fresh = signing.signature_header("whsec_abc", BODY, timestamp=now)
    assert verify("whsec_abc", fresh, BODY)
    assert signing.verify("whsec_abc", fresh, BODY)
    refused = {
        "another secret": ("whsec_other", fresh, BODY),
        "a changed body": ("whsec_abc", fresh, BODY.replace("نور".encode(), "نوح".encode())),
        "six minutes old (replayed)": ("whsec_abc", signing.signature_header("whsec_abc", BODY, now - 360), BODY),
        "six minutes ahead": ("whsec_abc", signing.signature_header("whsec_abc", BODY, now + 360), BODY),
        "no time": ("whsec_abc", fresh.split(",")[1], BODY),
        "garbage": ("whsec_abc", "t=soon,v1=", BODY),
        "empty": ("whsec_abc", "", BODY),
    }
    for case, arguments in refused.items():
        assert not verify(*arguments), case
        assert not signing.verify(*arguments), case
    four_minutes_old = signing.signature_header("whsec_abc", BODY, now - 240)
    assert verify("whsec_abc", four_minutes_old, BODY) and signing.verify("whsec_abc", four_minutes_old, BODY)


def test_the_documentations_example_request_is_signed_as_it_says():
    text = DOCS.read_text()
    body = re.search(r'^(\{"id":"7c9e.*\})$', text, re.M).group(1).encode()
    header = re.search(r"^Multaqa-Signature: (.*)$", text, re.M).group(1)
    timestamp = int(header.split(",")[0][2:])
    assert signing.verify("whsec_example_only", header, body, now=timestamp + 10)


def test_secrets_are_long_random_and_new_each_time():
    secrets = {signing.new_secret() for _ in range(20)}
    assert len(secrets) == 20
    assert all(secret.startswith("whsec_") and len(secret) >= 48 for secret in secrets)
