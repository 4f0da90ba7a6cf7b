"""Which addresses an endpoint may have (webhooks/addresses.py): http and https to the public
internet only, unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES lets tests reach this machine."""

import pytest
from django.utils import translation

from webhooks import addresses
from webhooks.errors import WebhookError

PUBLIC = "93.184.215.14"


@pytest.fixture(autouse=True)
def production(settings, monkeypatch):
    """As production: private addresses refused; host names resolved without the network."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    names = {
        "localhost": ["127.0.0.1", "::1"],
        "hooks.example.org": [PUBLIC],
        "intranet.example.org": ["10.1.2.3"],
        "mixed.example.org": [PUBLIC, "::1"],
    }

    def resolve(host, port):
        if host in names:
            return names[host]
        raise OSError("Name or service not known")

    monkeypatch.setattr(addresses, "resolve", resolve)
    return names


def refusal(url, language="en"):
    """The refusal of ``url``, its message as ``language`` says it."""
    with translation.override(language), pytest.raises(WebhookError) as refused:
        addresses.check(url)
    with translation.override(language):
        refused.value.message = str(refused.value.message)
    return refused.value


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://127.8.9.10:8000/hook",
        "https://10.0.0.1/hook",
        "https://172.16.5.4/hook",
        "https://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::1]:8443/hook",
        "http://[fe80::1]/hook",
        "http://[fd00::5]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://[64:ff9b::a00:1]/hook",
        "http://[2002:7f00:1::]/hook",
        "http://0.0.0.0/hook",
        "http://[::]/hook",
        "http://100.64.0.1/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://localhost/hook",
        "http://localhost:8000/hook",
        "https://intranet.example.org/hook",
        "https://mixed.example.org/hook",
    ],
)
def test_loopback_private_link_local_and_other_non_global_addresses_are_refused(url):
    error = refusal(url)
    assert error.code == "private_address"
    assert "private or local network" in str(error)


def test_a_public_address_is_accepted_and_keeps_what_the_request_needs():
    target = addresses.check("https://hooks.example.org/multaqa?source=site")
    assert target == addresses.Target("https", "hooks.example.org", 443, "/multaqa?source=site", (PUBLIC,))
    assert addresses.check(f"http://{PUBLIC}:8080").path == "/"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://hooks.example.org/x", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("gopher://hooks.example.org/", "scheme"),
        ("https://user:secret@hooks.example.org/", "credentials"),
        ("https:///hook", "no_host"),
        ("https://hooks.example.org:99999/", "port"),
        ("https://hooks.example.org:http/", "port"),
        ("https://nowhere.invalid/hook", "unresolvable"),
    ],
)
def test_other_schemes_credentials_and_unknown_hosts_are_refused(url, code):
    assert refusal(url).code == code


def test_the_reasons_are_in_the_users_language():
    assert str(refusal("http://10.0.0.1/", "ar")) == (
        "يؤدي هذا العنوان إلى شبكة خاصة أو محلية (10.0.0.1). لا تُرسَل الإشعارات الآلية إلا إلى عناوين عامة على الإنترنت."
    )
    assert str(refusal("ftp://hooks.example.org/", "ar")).startswith("لا تُرسَل الإشعارات الآلية إلا إلى عناوين")
    assert str(refusal("ftp://hooks.example.org/")) == "Only http:// and https:// addresses can receive webhooks."


def test_the_setting_lets_tests_reach_this_machine_but_keeps_the_schemes(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert addresses.check("http://127.0.0.1:8000/hook").addresses == ("127.0.0.1",)
    assert addresses.check("http://[::1]/hook").addresses == ("::1",)
    assert refusal("ftp://127.0.0.1/").code == "scheme"


def test_the_real_resolver_finds_localhost_and_it_is_refused(monkeypatch):
    monkeypatch.undo()  # the system's resolver: localhost needs no network
    settings_check = refusal("http://localhost:8000/hook")
    assert settings_check.code == "private_address"
