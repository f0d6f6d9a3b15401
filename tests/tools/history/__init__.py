"""Tests of the history tools."""
