"""Recent Requests names the browser (or tool) and operating system of each logged call."""

import pytest

from modelhub.docs.user_agents import parse

CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 Edg/131.0.2903.86"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Mobile Safari/537.36"
)
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.28 Safari/537.36"
)


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (CHROME_MAC, "Chrome 131 on macOS"),
        (SAFARI_IPHONE, "Safari 17.5 on iOS 17.5"),
        (EDGE_WINDOWS, "Edge 131 on Windows 10 or 11"),
        (FIREFOX_LINUX, "Firefox 133 on Linux"),
        (CHROME_ANDROID, "Chrome 131 on Android 14"),
        (HEADLESS, "Chrome 120 on Linux"),
        ("curl/8.5.0", "curl 8.5.0"),
        ("python-requests/2.32.3", "Python requests 2.32.3"),
        ("PostmanRuntime/7.42.0", "Postman 7.42.0"),
        ("node", "Node.js"),
        ("my-deploy-bot/2.1 (+https://example.org)", "my-deploy-bot 2.1"),
        ("cli/2", "cli 2"),
    ],
)
def test_known_clients_are_named_as_people_name_them(header, words):
    assert str(parse(header)) == words


@pytest.mark.parametrize("header", [None, "", "   ", "\x00\x01\x7f", "\u200b"])
def test_an_empty_or_unprintable_header_is_an_unknown_client(header):
    client = parse(header)
    assert (client.browser, client.system, str(client)) == ("Unknown client", "", "Unknown client")


@pytest.mark.parametrize("header", ["()()()", "/////", "💥💥", "Mozilla/5.0 (compatible)", "12345"])
def test_garbage_gives_short_words_never_an_error(header):
    client = parse(header)
    assert client.browser in ("Unknown client", "Unknown browser", "12345")
    assert client.system == ""


def test_a_10_kb_header_is_read_by_its_start_only():
    words = str(parse(CHROME_MAC + " x" * 5_000))
    assert words == "Chrome 131 on macOS"
    assert str(parse("a" * 10_240)) == "a" * 41  # one product name, at most 41 characters
    hostile = "Mozilla/5.0 (iPhone" + " OS" * 3_500  # the iOS pattern's lazy scan, at 10 KB
    client = parse(hostile)
    assert client.browser == "Unknown browser" and client.system == "iOS"


def test_a_token_in_a_header_never_becomes_more_than_a_product_name():
    client = parse("x" * 300 + "/1.0")
    assert len(client.browser) <= 41
