"""App Home: the settings for admins, the help and reporting routes for everyone else.

Every control on the admin Home sends an action that becomes an ordinary ``/safety-admin``
request to the core (``lookout_home_cadence`` = ``setup cadence=<choice>``), so the Home and
the slash commands change the same settings through the same checks. After each action the
Home is published again with the core's answer at the top.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    DividerBlock,
    ExternalDataSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.commands import PLATFORM, ack_now
from bot.adapters.slack.identity import Members, community_id
from bot.adapters.slack.render import reply_blocks
from bot.core.commands.spec import ADMIN, SAFETY
from bot.core.content.catalogue import Catalogue
from bot.core.content.models import AUDIENCES
from bot.core.countries import key as fold
from bot.core.engine import Core
from bot.core.models import Reply, Request
from bot.core.schedules import CADENCES, search_timezones
from bot.core.text import Texts

log = logging.getLogger(__name__)

ACTION_PREFIX = "lookout_home_"
MAX_HOME_BLOCKS = 100
# Blocks kept for one reply inside the Home, so two replies and the controls always fit.
REPLY_SHARE = 40


@dataclass(frozen=True, slots=True)
class HomeAction:
    """One Home control: the admin command it runs and the option its value fills."""

    command: str
    option: str | None = None


ACTIONS: Mapping[str, HomeAction] = {
    "channel": HomeAction("setup", "channel"),
    "cadence": HomeAction("setup", "cadence"),
    "time": HomeAction("setup", "time"),
    "timezone": HomeAction("setup", "timezone"),
    "audience": HomeAction("audience", "audience"),
    "region": HomeAction("region", "country"),
    "quiet": HomeAction("quiet-hours", "hours"),
    "pause": HomeAction("pause"),
    "resume": HomeAction("resume"),
    "preview": HomeAction("preview"),
    "post_now": HomeAction("post-now"),
}


def _text(text: str) -> PlainTextObject:
    return PlainTextObject(text=text)


def _options(values: list[tuple[str, str]]) -> list[Option]:
    return [Option(text=_text(label), value=value) for label, value in values]


def _control(label: str, accessory: Any) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=f"*{label}*"), accessory=accessory)


def settings_controls(catalogue: Catalogue, locale: str | None = None) -> list[Block]:
    """Build the admin controls. Current values are shown above them, in the schedule reply."""
    # One declarative list, as long as the screen it describes: split up, the layout would be
    # harder to read than it is long.

    def t(message_id: str) -> str:
        return catalogue.texts.get(message_id, locale)

    # Countries named and sorted in the reader's language, as the replies name them.
    named = sorted(
        ((catalogue.country_name(c.code, locale), c.code) for c in catalogue.national_countries()),
        key=lambda pair: fold(pair[0]),
    )
    regions = [(f"{name} ({code})", code) for name, code in named][:99]
    return [
        HeaderBlock(text=_text(t("slack.home-settings"))),
        _control(
            t("slack.home-channel"),
            ConversationSelectElement(
                action_id=ACTION_PREFIX + "channel",
                placeholder=_text(t("slack.home-channel-placeholder")),
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
        ),
        _control(
            t("slack.home-cadence"),
            StaticSelectElement(
                action_id=ACTION_PREFIX + "cadence",
                placeholder=_text(t("slack.home-cadence-placeholder")),
                options=_options([(c, c) for c in CADENCES]),
            ),
        ),
        _control(t("slack.home-time"), TimePickerElement(action_id=ACTION_PREFIX + "time", placeholder=_text("18:00"))),
        _control(
            t("slack.home-timezone"),
            ExternalDataSelectElement(
                action_id=ACTION_PREFIX + "timezone",
                placeholder=_text(t("slack.home-timezone-placeholder")),
                min_query_length=2,
            ),
        ),
        _control(
            t("slack.home-audience"),
            StaticSelectElement(
                action_id=ACTION_PREFIX + "audience",
                placeholder=_text(t("slack.home-audience-placeholder")),
                options=_options([(a.replace("-", " "), a) for a in AUDIENCES]),
            ),
        ),
        _control(
            t("slack.home-region"),
            StaticSelectElement(
                action_id=ACTION_PREFIX + "region",
                placeholder=_text(t("slack.home-region-placeholder")),
                options=_options([*regions, (t("slack.home-region-not-set"), "off")]),
            ),
        ),
        InputBlock(
            label=_text(t("slack.home-quiet-hours")),
            element=PlainTextInputElement(
                action_id=ACTION_PREFIX + "quiet", placeholder=_text(t("slack.home-quiet-hours-placeholder"))
            ),
            dispatch_action=True,
            optional=True,
        ),
        ActionsBlock(
            elements=[
                ButtonElement(text=_text(t("slack.home-pause")), action_id=ACTION_PREFIX + "pause"),
                ButtonElement(text=_text(t("slack.home-resume")), action_id=ACTION_PREFIX + "resume", style="primary"),
                ButtonElement(text=_text(t("slack.home-preview")), action_id=ACTION_PREFIX + "preview"),
                ButtonElement(
                    text=_text(t("slack.home-post-now")),
                    action_id=ACTION_PREFIX + "post_now",
                    confirm=ConfirmObject(
                        title=t("slack.home-post-now-title"),
                        text=t("slack.home-post-now-text"),
                        confirm=t("slack.home-post-now-confirm"),
                        deny=t("slack.home-post-now-cancel"),
                    ),
                ),
            ]
        ),
        ContextBlock(elements=[MarkdownTextObject(text=t("slack.home-commands-note"))]),
    ]


def home_view(replies: list[Reply], controls: list[Block] | None = None, texts: Texts | None = None) -> View:
    """Build a Home view: each reply rendered as blocks, separated by dividers, then the controls."""
    blocks: list[Block] = []
    for reply in replies:
        if blocks:
            blocks.append(DividerBlock())
        blocks += reply_blocks(reply, max_blocks=REPLY_SHARE, texts=texts)
    if controls:
        blocks += [DividerBlock(), *controls]
    return View(type="home", blocks=blocks[:MAX_HOME_BLOCKS])


class Home:
    """Builds and publishes App Home views by asking the core, as the person would."""

    def __init__(self, core: Core, members: Members) -> None:
        self.core = core
        self.members = members

    def _request(
        self,
        community: str,
        user_id: str,
        is_admin: bool,
        group: str,
        command: str,
        *,
        locale: str | None = None,
        role_unchecked: str | None = None,
        **options: str,
    ) -> Request:
        return Request(
            platform=PLATFORM,
            community_id=community,
            channel_id=None,
            user_id=user_id,
            user_is_admin=is_admin,
            group=group,
            command=command,
            options=options,
            locale=locale,
            user_locale=locale,
            role_unchecked=role_unchecked,
        )

    async def view_for(self, client: AsyncWebClient, community: str, user_id: str, result: Reply | None = None) -> View:
        """Build the Home this person should see, with ``result`` (an action's answer) on top."""
        member = await self.members.lookup(client, community, user_id)
        if member.is_admin:
            schedule = await self.core.handle(self._request(community, user_id, True, ADMIN, "schedule"))
            replies = [r for r in (result, schedule) if r is not None]
            return home_view(replies, settings_controls(self.core.catalogue), self.core.catalogue.texts)
        help_reply = await self.core.handle(self._request(community, user_id, False, SAFETY, "help"))
        report = await self.core.handle(
            self._request(community, user_id, False, SAFETY, "report", locale=member.locale)
        )
        shown = [r for r in (result, help_reply, report) if r is not None]
        return home_view(shown, texts=self.core.catalogue.texts)

    async def publish(self, client: AsyncWebClient, community: str, user_id: str, result: Reply | None = None) -> None:
        """Publish this person's Home."""
        view = await self.view_for(client, community, user_id, result)
        await client.views_publish(user_id=user_id, view=view.to_dict())

    async def run_action(self, client: AsyncWebClient, community: str, user_id: str, action: dict[str, Any]) -> Reply:
        """Turn one Home control's action into an admin request and answer it."""
        name = str(action.get("action_id", "")).removeprefix(ACTION_PREFIX)
        spec = ACTIONS.get(name)
        if spec is None:
            texts = self.core.catalogue.texts
            return Reply(
                texts.get("slack.home-unknown-control-title"),
                texts.get("slack.home-unknown-control-body"),
                private=True,
                is_error=True,
            )
        member = await self.members.lookup(client, community, user_id)
        options = {}
        if spec.option is not None:
            options[spec.option] = action_value(action)
        return await self.core.handle(
            self._request(
                community, user_id, member.is_admin, ADMIN, spec.command, role_unchecked=member.unchecked, **options
            )
        )


def action_value(action: dict[str, Any]) -> str:
    """Return the value a control sent, whatever kind of control it is."""
    for key in ("selected_conversation", "selected_channel", "selected_time", "value"):
        if action.get(key):
            return str(action[key])
    selected = action.get("selected_option") or {}
    return str(selected.get("value") or "")


def register_home(bolt: AsyncApp, home: Home) -> None:
    """App Home opened, Home controls, and the timezone search."""

    async def on_home_opened(event: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        try:
            await home.publish(client, community_id(context), str(event["user"]))
        except Exception:
            log.exception("could not publish App Home")

    # Acknowledged first and published lazily: a slow views.publish must not make Slack retry
    # the event (and publish the Home twice).
    on_home_opened.__name__ = on_home_opened.__qualname__ = "home_opened"
    bolt.event("app_home_opened")(ack=ack_now, lazy=[on_home_opened])

    async def on_action(body: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
        community = community_id(context)
        user_id = str(body["user"]["id"])
        try:
            result = await home.run_action(client, community, user_id, body["actions"][0])
            await home.publish(client, community, user_id, result)
        except Exception:
            log.exception("could not apply an App Home action in %s", community)

    on_action.__name__ = on_action.__qualname__ = "home_action"
    bolt.action(re.compile("^" + re.escape(ACTION_PREFIX)))(ack=ack_now, lazy=[on_action])

    @bolt.options(ACTION_PREFIX + "timezone")
    async def timezone_options(ack: AsyncAck, body: dict[str, Any]) -> None:
        zones = search_timezones(str(body.get("value") or ""), limit=100)
        await ack(options=[{"text": {"type": "plain_text", "text": z[:75]}, "value": z} for z in zones])
