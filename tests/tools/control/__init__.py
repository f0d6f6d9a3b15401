"""Tests of the control tools."""
