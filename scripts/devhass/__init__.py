"""A real Home Assistant for development and end-to-end tests, set up as a user would.

- ``folder``: the config folder (demo entities, lovelace, includes, the
  integration linked in) and the credentials kept in it between runs;
- ``process``: the ``python -m homeassistant`` process, started and stopped cleanly;
- ``client``: one HTTP session to it, with a websocket per signed-in user that
  authenticates once;
- ``setup``: onboarding, signing in, waiting until it runs, adding HA OpenAPI
  through the config-flow REST API, the non-admin user and long-lived tokens.

``scripts/devserver.py`` puts these together. Only the standard library and
aiohttp (a Home Assistant dependency) are needed.
"""
