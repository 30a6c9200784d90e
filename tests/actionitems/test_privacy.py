"""Privacy mode's redaction of item text."""

from actionitems.privacy import redact


def test_mentions_emails_and_phone_numbers_are_redacted():
    text = "ping <@424242424242> or jo@example.com or +44 20 7946 0958, cc @here"
    assert redact(text) == "ping [someone] or [email] or [phone], cc [someone]"


def test_the_conversations_members_are_redacted_by_name_in_any_case():
    redacted = redact("Send Kenji's notes to sol", ["kenji", "sol"])
    assert redacted == "Send [someone]'s notes to [someone]"


def test_a_name_inside_a_word_or_an_address_stays():
    assert redact("Solder the console cable", ["sol"]) == "Solder the console cable"
    assert redact("Email sol@example.com", ["sol"]) == "Email [email]"
