"""Saved sites: a physician's named places, each with a setting and an optional locality."""
