"""The SSRF guard: only public unicast addresses, checked at registration and at send."""

import pytest

from webhooks import addresses
from webhooks.addresses import UnsafeUrl, check_url

REFUSED = [
    "https://127.0.0.1/hook",
    "https://127.8.9.10/",
    "https://localhost/",
    "https://10.0.0.1/",
    "https://172.16.5.4/",
    "https://192.168.1.1/",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.64.0.1/",
    "https://100.127.255.254/",
    "https://0.0.0.0/",
    "https://255.255.255.255/",
    "https://224.0.0.1/",
    "https://239.255.255.250/",
    "https://198.18.0.1/",
    "https://192.0.0.8/",
    "https://[3fff::1]/",
    "https://[2001:db8::1]/",
    "https://240.0.0.1/",
    "https://[::1]/",
    "https://[::]/",
    "https://[fe80::1]/",
    "https://[fe80::1%25eth0]/",
    "https://[fc00::1]/",
    "https://[fd12:3456::1]/",
    "https://[ff02::1]/",
    "https://[ff0e::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[::ffff:8.8.8.8]/",
    "https://[::127.0.0.1]/",
    "https://[64:ff9b::7f00:1]/",
    "https://[64:ff9b::808:808]/",
    "https://[64:ff9b:1::a00:1]/",
    "https://[2002:7f00:1::1]/",
    "https://[2002:a00:1::1]/",
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0x7f.1/",
    "https://0x7F.0.0.1/",
    "https://0177.0.0.1/",
    "https://017700000001/",
    "https://127.1/",
    "https://127.0.1/",
    "https://127.0.0.1./",
    "https://3232235777/",
    "https://1.2.3.0x4/",
    "http://93.184.215.14/",
    "ftp://93.184.215.14/",
    "file:///etc/passwd",
    "gopher://93.184.215.14/",
    "https://user:password@93.184.215.14/",
    "https:///nohost",
    "https://93.184.215.14:99999/",
    "not a url",
]


def _public_dns(host, port):
    return {"hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]}[host]


@pytest.mark.parametrize("url", REFUSED)
def test_every_unsafe_spelling_is_refused(url, settings):
    settings.DEBUG = False
    settings.WEBHOOK_ALLOW_LOOPBACK = False

    with pytest.raises(UnsafeUrl):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://93.184.215.14/hook",
        "https://93.184.215.14:8443/hook?token=abc",
        "https://[2606:4700::1111]/",
        "https://[2002:808:808::1]/",
        "https://hooks.example.com/in",
    ],
)
def test_public_addresses_are_allowed(url, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    monkeypatch.setattr(addresses, "resolve", _public_dns)

    target = check_url(url)

    assert target.scheme == "https"


def test_a_name_is_refused_when_any_of_its_addresses_is_private(settings, monkeypatch):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14", "10.1.2.3"])

    with pytest.raises(UnsafeUrl, match="private"):
        check_url("https://mixed.example.com/")


def test_a_name_that_does_not_resolve_is_refused(monkeypatch):
    def fail(host, port):
        raise OSError("no such name")

    monkeypatch.setattr(addresses, "resolve", fail)

    with pytest.raises(UnsafeUrl, match="resolve"):
        check_url("https://nowhere.invalid/")


def test_loopback_needs_the_setting_and_then_allows_only_loopback(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True

    assert check_url("http://127.0.0.1:8080/hook").address == "127.0.0.1"
    with pytest.raises(UnsafeUrl):
        check_url("http://10.0.0.1/hook")
    with pytest.raises(UnsafeUrl, match="https"):
        check_url("http://93.184.215.14/hook")


def test_plain_http_is_allowed_in_development_only(settings):
    settings.DEBUG = True
    assert check_url("http://93.184.215.14/").scheme == "http"

    settings.DEBUG = False
    with pytest.raises(UnsafeUrl, match="https"):
        check_url("http://93.184.215.14/")


def test_the_target_pins_the_checked_address_and_keeps_the_name(monkeypatch):
    monkeypatch.setattr(addresses, "resolve", _public_dns)

    target = check_url("https://hooks.example.com:8443/in?x=1")

    assert target.pinned_url == "https://93.184.215.14:8443/in?x=1"
    assert target.host_header == "hooks.example.com:8443"


def test_the_api_refuses_every_unsafe_spelling_naming_the_url_field(owner, guild, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    for url in REFUSED:
        response = owner.client.post(
            f"/v1/guilds/{guild.id}/webhooks", {"url": url, "events": ["ping"]}, format="json"
        )

        assert response.status_code == 400, url
        assert response.json()["error"]["details"]["field"] == "url", url
