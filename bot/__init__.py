"""Lookout: online child-safety guidance for Discord, Slack and a local console."""

__version__ = "0.1.0"
