"""Tests of the overview tools."""
