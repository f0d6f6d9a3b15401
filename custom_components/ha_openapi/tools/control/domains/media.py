"""Media players and remotes.

Hook: ``_check_media_player``: every speaker to join is a media player the
caller may control.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.media_player import MediaPlayerEntityFeature
from homeassistant.components.remote import RemoteEntityFeature
from homeassistant.const import STATE_OFF
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ....framework.schema import OneOrMore
from ....framework.tool import ToolCall
from ..description import Action, ControlDomain, Field, Setting
from ..engine import attribute, becomes, controllable_state, leaves, toggled
from .common import LEVEL, ON_OFF_TOGGLE, option_setting


def _check_media_player(
    call: ToolCall, state: State, arguments: Mapping[str, Any]
) -> None:
    """Every speaker to join must be a media player this caller may control."""
    for member in arguments.get("join", ()):
        controllable_state(call, member, ("media_player",))


_VOLUME_STEP = (
    MediaPlayerEntityFeature.VOLUME_SET | MediaPlayerEntityFeature.VOLUME_STEP
)

MEDIA_PLAYER = ControlDomain(
    tool="ha_control_media_player",
    description=(
        "Control a media player: playback, power, volume/mute, source, sound mode, play media, grouping."
    ),
    domains=("media_player",),
    actions={
        "play": Action(
            service="media_play",
            feature=MediaPlayerEntityFeature.PLAY,
            expect=becomes("playing"),
        ),
        "pause": Action(
            service="media_pause",
            feature=MediaPlayerEntityFeature.PAUSE,
            expect=becomes("paused"),
        ),
        "stop": Action(service="media_stop", feature=MediaPlayerEntityFeature.STOP),
        "next": Action(
            service="media_next_track", feature=MediaPlayerEntityFeature.NEXT_TRACK
        ),
        "previous": Action(
            service="media_previous_track",
            feature=MediaPlayerEntityFeature.PREVIOUS_TRACK,
        ),
        "on": Action(
            service="turn_on",
            feature=MediaPlayerEntityFeature.TURN_ON,
            expect=leaves(STATE_OFF),
            says="turn on",
        ),
        "off": Action(
            service="turn_off",
            feature=MediaPlayerEntityFeature.TURN_OFF,
            expect=becomes(STATE_OFF),
            says="turn off",
        ),
        "toggle": Action(
            service="toggle",
            feature=MediaPlayerEntityFeature.TURN_ON
            | MediaPlayerEntityFeature.TURN_OFF,
            expect=toggled,
        ),
        "volume_up": Action(service="volume_up", feature=_VOLUME_STEP),
        "volume_down": Action(service="volume_down", feature=_VOLUME_STEP),
        "unjoin": Action(service="unjoin", feature=MediaPlayerEntityFeature.GROUPING),
    },
    settings=(
        Setting(
            name="volume_level",
            validator=LEVEL,
            description="0.0-1.0.",
            feature=MediaPlayerEntityFeature.VOLUME_SET,
            unsupported="cannot set its volume",
            service="volume_set",
            verify=attribute("volume_level", tolerance=0.01),
        ),
        Setting(
            name="mute",
            validator=bool,
            description="true mutes, false unmutes.",
            feature=MediaPlayerEntityFeature.VOLUME_MUTE,
            unsupported="cannot mute",
            key="is_volume_muted",
            service="volume_mute",
            verify=attribute("is_volume_muted"),
        ),
        option_setting(
            "source",
            "source_list",
            feature=MediaPlayerEntityFeature.SELECT_SOURCE,
            unsupported="has no sources",
            service="select_source",
        ),
        option_setting(
            "sound_mode",
            "sound_mode_list",
            feature=MediaPlayerEntityFeature.SELECT_SOUND_MODE,
            unsupported="has no sound modes",
            service="select_sound_mode",
        ),
        Setting(
            name="media_content_id",
            validator=cv.string,
            description="What to play (URL, id).",
            feature=MediaPlayerEntityFeature.PLAY_MEDIA,
            unsupported="cannot play media",
            service="play_media",
            companions=(
                Field(
                    name="media_content_type",
                    validator=cv.string,
                    description="e.g. music, playlist, url.",
                ),
            ),
            requires=("media_content_type",),
        ),
        Setting(
            name="join",
            validator=OneOrMore(cv.entity_id, min_items=1),
            description="Speakers to group with it",
            feature=MediaPlayerEntityFeature.GROUPING,
            unsupported="cannot group speakers",
            key="group_members",
            service="join",
        ),
    ),
    check=_check_media_player,
)


REMOTE = ControlDomain(
    tool="ha_control_remote",
    description=(
        "Control a remote (TV, IR/RF hub): on/off/toggle, start an activity, or send commands."
    ),
    domains=("remote",),
    actions=ON_OFF_TOGGLE,
    settings=(
        Setting(
            name="activity",
            validator=cv.string,
            description="One of its activity_list",
            feature=RemoteEntityFeature.ACTIVITY,
            unsupported="has no activities",
            options="activity_list",
            service="turn_on",
            # The activity a remote runs shows as current_activity, not in its state.
            verify=attribute("current_activity"),
        ),
        Setting(
            name="command",
            validator=OneOrMore(cv.string, min_items=1, max_items=50),
            description="Command or list, e.g. power",
            service="send_command",
            companions=(
                Field(
                    name="device",
                    validator=cv.string,
                    description="Target device, if the hub needs one",
                ),
                Field(
                    name="num_repeats",
                    validator=vol.All(vol.Coerce(int), vol.Range(min=1, max=20)),
                    description="Times to send each command",
                ),
                Field(
                    name="delay_secs",
                    validator=vol.All(vol.Coerce(float), vol.Range(min=0, max=60)),
                    description="Seconds between commands.",
                ),
                Field(
                    name="hold_secs",
                    validator=vol.All(vol.Coerce(float), vol.Range(min=0, max=60)),
                    description="Seconds to hold each command.",
                ),
            ),
        ),
    ),
)
