"""Tests of the registry tools."""
