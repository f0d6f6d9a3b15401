"""The reviewed permission of every tool, written down rather than read from the code.

Each row: the tool's category, whether only administrators may use it, and
whether it reads, writes or destroys. ``tests/test_auth_matrix.py`` checks the
registry against it, and the spec, health and end-to-end tests take the tool
lists they expect from it, so adding a tool or changing its flags is a visible,
deliberate change here. Every new tool gets its row in the same change.
"""

from __future__ import annotations

ADMIN, ANYONE = True, False
READS, WRITES, DESTROYS = "reads", "writes", "destroys"

PERMISSIONS: dict[str, tuple[str, bool, str]] = {
    "ha_get_states": ("states", ANYONE, READS),
    "ha_search_entities": ("states", ANYONE, READS),
    "ha_get_home_overview": ("states", ANYONE, READS),
    "ha_call_service": ("services", ANYONE, WRITES),
    "ha_list_services": ("services", ANYONE, READS),
    "ha_describe_service": ("services", ANYONE, READS),
    "ha_list_areas": ("registry", ANYONE, READS),
    "ha_list_floors": ("registry", ANYONE, READS),
    "ha_list_labels": ("registry", ANYONE, READS),
    "ha_list_devices": ("registry", ANYONE, READS),
    "ha_get_device": ("registry", ANYONE, READS),
    "ha_list_integrations": ("registry", ADMIN, READS),
    "ha_update_entity": ("registry", ADMIN, WRITES),
    "ha_update_device": ("registry", ADMIN, WRITES),
    "ha_manage_area": ("registry", ADMIN, DESTROYS),
    "ha_manage_floor": ("registry", ADMIN, DESTROYS),
    "ha_manage_label": ("registry", ADMIN, DESTROYS),
    "ha_get_history": ("history", ANYONE, READS),
    "ha_get_logbook": ("history", ANYONE, READS),
    "ha_get_statistics": ("history", ANYONE, READS),
    "ha_get_energy": ("history", ANYONE, READS),
    "ha_control_light": ("control", ANYONE, WRITES),
    "ha_control_switch": ("control", ANYONE, WRITES),
    "ha_control_fan": ("control", ANYONE, WRITES),
    "ha_control_cover": ("control", ANYONE, WRITES),
    "ha_control_climate": ("control", ANYONE, WRITES),
    "ha_control_lock": ("control", ANYONE, WRITES),
    "ha_control_media_player": ("control", ANYONE, WRITES),
    "ha_control_vacuum": ("control", ANYONE, WRITES),
    "ha_control_lawn_mower": ("control", ANYONE, WRITES),
    "ha_control_valve": ("control", ANYONE, WRITES),
    "ha_control_humidifier": ("control", ANYONE, WRITES),
    "ha_control_water_heater": ("control", ANYONE, WRITES),
    "ha_control_siren": ("control", ANYONE, WRITES),
    "ha_control_alarm_panel": ("control", ANYONE, WRITES),
    "ha_control_remote": ("control", ANYONE, WRITES),
    # Home Assistant shows updates to administrators only.
    "ha_install_update": ("control", ADMIN, WRITES),
    "ha_press_button": ("control", ANYONE, WRITES),
    "ha_set_value": ("control", ANYONE, WRITES),
    "ha_select_option": ("control", ANYONE, WRITES),
    "ha_set_boolean": ("control", ANYONE, WRITES),
    "ha_activate_scene": ("control", ANYONE, WRITES),
    "ha_run_script": ("control", ANYONE, WRITES),
    # An event can trigger any automation; HA's own events are refused anyway.
    "ha_fire_event": ("control", ADMIN, WRITES),
    "ha_bulk_control": ("control", ANYONE, WRITES),
    # Reading follows HA's sidebar rule (require_admin dashboards are 403 to others);
    # writing is admin-only, like HA's own lovelace write commands.
    "ha_list_dashboards": ("dashboards", ANYONE, READS),
    "ha_get_dashboard": ("dashboards", ANYONE, READS),
    "ha_manage_dashboard": ("dashboards", ADMIN, DESTROYS),
    "ha_save_dashboard_config": ("dashboards", ADMIN, WRITES),
    "ha_manage_view": ("dashboards", ADMIN, DESTROYS),
    "ha_manage_card": ("dashboards", ADMIN, DESTROYS),
    "ha_patch_dashboard": ("dashboards", ADMIN, WRITES),
    # HA lets any user list resources (the browser loads them); changing is admin-only.
    "ha_list_resources": ("dashboards", ANYONE, READS),
    "ha_manage_resource": ("dashboards", ADMIN, DESTROYS),
    # Automation configs are admin-only in HA's own editor; switching one on or off
    # and triggering it are actions on its entity, as the user (HA's permissions).
    "ha_list_automations": ("automations", ADMIN, READS),
    "ha_get_automation": ("automations", ADMIN, READS),
    "ha_manage_automation": ("automations", ADMIN, DESTROYS),
    "ha_set_automation_enabled": ("automations", ANYONE, WRITES),
    "ha_trigger_automation": ("automations", ANYONE, WRITES),
    # Traces hold the variables of runs; reloading is an administrator's act.
    "ha_list_scripts": ("scripts", ADMIN, READS),
    "ha_get_script": ("scripts", ADMIN, READS),
    "ha_manage_script": ("scripts", ADMIN, DESTROYS),
    "ha_list_scenes": ("scenes", ADMIN, READS),
    "ha_get_scene": ("scenes", ADMIN, READS),
    "ha_manage_scene": ("scenes", ADMIN, DESTROYS),
    "ha_list_blueprints": ("automations", ADMIN, READS),
    "ha_list_helpers": ("helpers", ADMIN, READS),
    "ha_manage_helper": ("helpers", ADMIN, DESTROYS),
    "ha_list_traces": ("automations", ADMIN, READS),
    "ha_get_trace": ("automations", ADMIN, READS),
    "ha_reload": ("system", ADMIN, WRITES),
    "ha_check_config": ("system", ADMIN, READS),
    "ha_restart": ("system", ADMIN, DESTROYS),
    "ha_get_system_log": ("system", ADMIN, READS),
    "ha_get_error_log": ("system", ADMIN, READS),
    "ha_list_repairs": ("system", ADMIN, READS),
    "ha_list_notifications": ("system", ADMIN, READS),
    "ha_dismiss_notification": ("system", ADMIN, WRITES),
    "ha_get_system_info": ("system", ADMIN, READS),
    "ha_get_system_health": ("system", ADMIN, READS),
    "ha_reload_integration": ("system", ADMIN, WRITES),
    "ha_set_integration_enabled": ("system", ADMIN, WRITES),
    "ha_get_diagnostics": ("system", ADMIN, READS),
    "ha_list_backups": ("system", ADMIN, READS),
    "ha_create_backup": ("system", ADMIN, WRITES),
    "ha_list_addons": ("system", ADMIN, READS),
    "ha_get_addon": ("system", ADMIN, READS),
    "ha_get_addon_logs": ("system", ADMIN, READS),
    "ha_manage_addon": ("system", ADMIN, DESTROYS),
    # Before-images hold configuration: administrators only.
    "ha_list_changes": ("changes", ADMIN, READS),
    "ha_undo_change": ("changes", ADMIN, WRITES),
    # Templates read every state whatever the user's permissions: administrators only.
    "ha_render_template": ("templates", ADMIN, READS),
    "ha_converse": ("assist", ANYONE, WRITES),
    "ha_list_conversation_agents": ("assist", ANYONE, READS),
    "ha_send_notification": ("notifications", ANYONE, WRITES),
    "ha_get_weather_forecast": ("states", ANYONE, READS),
    "ha_get_camera_image": ("cameras", ANYONE, READS),
    "ha_list_calendars": ("calendars", ANYONE, READS),
    "ha_get_calendar_events": ("calendars", ANYONE, READS),
    "ha_manage_calendar_event": ("calendars", ANYONE, DESTROYS),
    "ha_list_todo_lists": ("calendars", ANYONE, READS),
    "ha_get_todo_items": ("calendars", ANYONE, READS),
    "ha_manage_todo_item": ("calendars", ANYONE, WRITES),
    # The catalogue (listed in compact mode): ha_call_tool runs another tool, whose
    # own permission then applies.
    "ha_find_tools": ("catalogue", ANYONE, READS),
    "ha_call_tool": ("catalogue", ANYONE, WRITES),
    # Files: administrators only, and only as far as the file access option allows.
    "ha_list_files": ("files", ADMIN, READS),
    "ha_read_file": ("files", ADMIN, READS),
    "ha_search_files": ("files", ADMIN, READS),
    "ha_get_yaml": ("files", ADMIN, READS),
    "ha_write_file": ("files", ADMIN, WRITES),
    "ha_set_yaml_key": ("files", ADMIN, WRITES),
    "ha_manage_file": ("files", ADMIN, DESTROYS),
}
# The file access option each file tool needs (the option is off by default).
READ_FILES, WRITE_FILES = "read_only", "read_write"
FILE_ACCESS: dict[str, str] = {
    "ha_list_files": READ_FILES,
    "ha_read_file": READ_FILES,
    "ha_search_files": READ_FILES,
    "ha_get_yaml": READ_FILES,
    "ha_write_file": WRITE_FILES,
    "ha_set_yaml_key": WRITE_FILES,
    "ha_manage_file": WRITE_FILES,
}
# The actions of each tool that does several writes (framework/actions.py), and
# what each does; a tool destroys when one of its actions does.
_CREATE_UPDATE_DELETE = {"create": WRITES, "update": WRITES, "delete": DESTROYS}
_ADD_UPDATE_REMOVE_MOVE = {
    "add": WRITES,
    "update": WRITES,
    "remove": DESTROYS,
    "move": WRITES,
}
ACTIONS: dict[str, dict[str, str]] = {
    "ha_manage_area": _CREATE_UPDATE_DELETE,
    "ha_manage_floor": _CREATE_UPDATE_DELETE,
    "ha_manage_label": _CREATE_UPDATE_DELETE,
    "ha_manage_dashboard": _CREATE_UPDATE_DELETE,
    "ha_manage_view": _ADD_UPDATE_REMOVE_MOVE,
    "ha_manage_card": _ADD_UPDATE_REMOVE_MOVE,
    "ha_manage_resource": _CREATE_UPDATE_DELETE,
    "ha_manage_automation": _CREATE_UPDATE_DELETE,
    "ha_manage_script": _CREATE_UPDATE_DELETE,
    "ha_manage_scene": _CREATE_UPDATE_DELETE,
    "ha_manage_helper": _CREATE_UPDATE_DELETE,
    "ha_manage_addon": {
        "start": WRITES,
        "stop": DESTROYS,
        "restart": WRITES,
        "update": WRITES,
    },
    "ha_manage_calendar_event": _CREATE_UPDATE_DELETE,
    "ha_manage_todo_item": {"add": WRITES, "update": WRITES, "remove": WRITES},
    "ha_manage_file": {"delete": DESTROYS, "move": WRITES, "copy": WRITES},
}
TOOL_NAMES = list(PERMISSIONS)
ADMIN_ONLY = {name for name, (_, admin_only, _) in PERMISSIONS.items() if admin_only}
READ_ONLY = {name for name, (_, _, effect) in PERMISSIONS.items() if effect == READS}
# Tools only an installation with a Supervisor runs (absent from the spec elsewhere).
ADDON_TOOLS = [
    "ha_list_addons",
    "ha_get_addon",
    "ha_get_addon_logs",
    "ha_manage_addon",
]
# Listed only in the compact catalogue (the full one lists every tool itself).
COMPACT_ONLY = {"ha_find_tools", "ha_call_tool"}
# What the compact catalogue lists.
CORE = {
    "ha_search_entities",
    "ha_get_states",
    "ha_get_home_overview",
    "ha_call_service",
    "ha_find_tools",
    "ha_call_tool",
}
