"""Calendars and to-do lists: events and items, read and changed as the user."""

from . import calendars, todo

__all__ = ["calendars", "todo"]
