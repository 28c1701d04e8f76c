"""Socket Mode: apps.connections.open on the fake, a local websocket, a slash command envelope."""

from __future__ import annotations

from pydantic import SecretStr

from bot.adapters.slack import start_slack
from bot.app import App

from .fake_slack import FakeSlack

APP_TOKEN = "xapp-1-A0LOOKOUT-test"


async def test_slash_command_over_socket_mode(app: App, fake: FakeSlack) -> None:
    """With SLACK_APP_TOKEN set, Lookout connects over a websocket, acks the envelope and answers /safety."""
    app.settings = app.settings.model_copy(
        update={"slack_app_token": SecretStr(APP_TOKEN), "slack_signing_secret": None}
    )
    runtime = await start_slack(app)
    try:
        assert runtime.http is None
        [open_call] = fake.calls_to("apps.connections.open")
        assert open_call.token == APP_TOKEN
        payload = {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": "T0LOOKOUT",
            "team_domain": "lookout-test",
            "channel_id": "C0PARENTS01",
            "channel_name": "parents",
            "user_id": "U0MEMBER",
            "user_name": "sam",
            "command": "/safety",
            "text": "report GB",
            "api_app_id": "A0LOOKOUT",
            "is_enterprise_install": "false",
            "response_url": fake.response_url("socket"),
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
        await fake.socket_envelopes.put(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "payload": payload,
                "accepts_response_payload": True,
            }
        )
        await fake.wait_for(lambda: any(m.get("envelope_id") == "env-1" for m in fake.socket_received))
        answer = await fake.next_response()
        assert answer["response_type"] == "ephemeral"
        assert answer["blocks"][0]["text"]["text"] == "Report a worry: United Kingdom"
    finally:
        await runtime.stop()
