import json

import pytest

SPEC_OPERATIONS = {
    ("/guilds", "get"),
    ("/guilds/{guild_id}", "get"),
    ("/guilds/{guild_id}/channels", "get"),
    ("/guilds/{guild_id}/channels/monitor", "post"),
    ("/guilds/{guild_id}/channels/monitor/{channel_id}", "delete"),
    ("/guilds/{guild_id}/config", "get"),
    ("/guilds/{guild_id}/config", "patch"),
    ("/guilds/{guild_id}/action-items", "get"),
    ("/guilds/{guild_id}/action-items", "post"),
    ("/guilds/{guild_id}/action-items/{item_id}", "get"),
    ("/guilds/{guild_id}/action-items/{item_id}", "put"),
    ("/guilds/{guild_id}/action-items/{item_id}", "delete"),
    ("/guilds/{guild_id}/action-items/{item_id}/status", "patch"),
    ("/guilds/{guild_id}/users/{user_id}/permissions", "get"),
    ("/guilds/{guild_id}/users/{user_id}/permissions", "put"),
    ("/guilds/{guild_id}/sweep/status", "get"),
    ("/guilds/{guild_id}/sweep/trigger", "post"),
    ("/guilds/{guild_id}/sweep/history", "get"),
    ("/guilds/{guild_id}/stats", "get"),
    ("/guilds/{guild_id}/analytics", "get"),
    ("/guilds/{guild_id}/analytics/action-items", "get"),
    ("/guilds/{guild_id}/privacy/audit", "get"),
    ("/guilds/{guild_id}/users/{user_id}/data", "delete"),
    ("/guilds/{guild_id}/export", "get"),
    ("/guilds/{guild_id}/webhooks", "get"),
    ("/guilds/{guild_id}/webhooks", "post"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}", "get"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}", "patch"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}", "delete"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}/rotate-secret", "post"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}/test", "post"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}/deliveries", "get"),
    ("/guilds/{guild_id}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", "post"),
}


@pytest.fixture
def schema(anonymous, db) -> dict:
    response = anonymous.get("/v1/schema", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_schema_is_yaml_unless_json_is_asked_for(anonymous, db):
    response = anonymous.get("/v1/schema")

    assert response.content.startswith(b"openapi: 3.0.3")
    assert json.loads(anonymous.get("/v1/schema?format=json").content)["openapi"] == "3.0.3"


def test_schema_describes_every_endpoint(schema):
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}

    assert operations == SPEC_OPERATIONS
    assert schema["servers"] == [{"url": "/v1"}]


def test_every_operation_documents_errors_and_rate_limit_headers(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            for status in ("400", "401", "404", "429", "500"):
                assert status in responses, (path, method, status)
            for response in responses.values():
                assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(
                    response["headers"]
                )


def test_list_response_is_described_with_its_envelope(schema):
    ok = schema["paths"]["/guilds/{guild_id}/action-items"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]

    assert set(schema["components"]["schemas"][ref]["properties"]) == {
        "action_items",
        "total",
        "limit",
        "offset",
    }


def test_docs_page_renders(anonymous, db):
    response = anonymous.get("/v1/docs")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
