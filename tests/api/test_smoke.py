def test_guild_list_shows_the_members_guilds(owner, guild, outsider):
    response = owner.client.get("/v1/guilds")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1
    assert body["guilds"][0]["id"] == str(guild.id)
