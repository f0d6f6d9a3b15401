"""Tests of the states tools."""
