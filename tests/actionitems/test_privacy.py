"""Privacy mode's redaction of an item's text and summary."""

from actionitems.privacy import redact_item


def test_mentions_emails_and_phone_numbers_are_redacted():
    text = "ping <@424242424242> or jo@example.com or +44 20 7946 0958, cc @here"
    redacted = "ping [someone] or [email] or [phone], cc [someone]"
    assert redact_item(text, text, []) == (redacted, redacted)


def test_the_conversations_members_are_redacted_by_name_in_any_case():
    text, summary = redact_item("Send Kenji's notes to sol", "Notes for Sol", ["kenji", "sol"])
    assert text == "Send [someone]'s notes to [someone]"
    assert summary == "Notes for [someone]"


def test_a_name_inside_a_word_or_an_address_stays():
    text, _ = redact_item("Solder the console cable", "", ["sol"])
    assert text == "Solder the console cable"
    text, _ = redact_item("Email sol@example.com", "", ["sol"])
    assert text == "Email [email]"
