"""Tests of the services tools."""
