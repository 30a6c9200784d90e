import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actionitems.extraction.llm import LLMExtractor
from actionitems.extraction.rules import RulesExtractor
from actionitems.extractor import configured_extractor
from actionitems.models import ActionItem
from sweeps.models import ChannelCursor, Sweep

DEMO = Path(__file__).resolve().parents[2] / "sweeps" / "demo" / "transcript.json"


def _sweep(guild, path) -> str:
    out = StringIO()
    call_command("sweep_transcript", "--guild", str(guild.id), str(path), stdout=out)
    return out.getvalue()


def test_the_demo_transcript_becomes_a_finished_sweep_with_items(guild):
    output = _sweep(guild, DEMO)

    sweep = Sweep.objects.get(guild=guild)
    assert (sweep.status, sweep.trigger) == ("completed", "transcript")
    assert sweep.action_items_found == ActionItem.objects.filter(guild=guild).count() >= 5
    assert sweep.messages_processed == sum(
        len(c["messages"]) for c in json.loads(DEMO.read_text())["conversations"]
    )
    assert f"Sweep {sweep.public_id} completed" in output
    item = ActionItem.objects.filter(guild=guild).first()
    assert (item.source, item.jump_url.split("/")[4]) == ("sweep", str(guild.id))
    assert ChannelCursor.objects.filter(channel=item.channel).exists()


def test_sweeping_the_same_transcript_again_adds_nothing(guild):
    _sweep(guild, DEMO)
    count = ActionItem.objects.count()

    _sweep(guild, DEMO)

    assert ActionItem.objects.count() == count
    assert Sweep.objects.filter(guild=guild).latest("triggered_at").action_items_found == 0


def test_an_existing_channel_of_that_name_is_used(guild, channels):
    conversation = json.loads(DEMO.read_text())["conversations"][0]
    named = channels[0]
    named.name = conversation["channel"]
    named.save()

    _sweep(guild, DEMO)

    assert set(ActionItem.objects.values_list("channel_id", flat=True)) == {named.id}


def test_an_unknown_guild_is_refused(db):
    with pytest.raises(CommandError, match="No guild"):
        call_command("sweep_transcript", "--guild", "42", str(DEMO))


@pytest.mark.parametrize(
    "content", ["not json", '{"conversations": [{"channel": "x"}]}', '{"nothing": 1}']
)
def test_a_file_that_is_not_a_transcript_is_refused(guild, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)

    with pytest.raises(CommandError, match="bad.json"):
        _sweep(guild, path)
    assert not Sweep.objects.exists()


def test_the_settings_choose_the_extractor(settings):
    configured_extractor.cache_clear()
    assert isinstance(configured_extractor(), RulesExtractor)

    settings.EXTRACTOR = "llm"
    settings.LLM_MODEL = "any-model"
    configured_extractor.cache_clear()
    try:
        assert isinstance(configured_extractor(), LLMExtractor)
    finally:
        configured_extractor.cache_clear()
