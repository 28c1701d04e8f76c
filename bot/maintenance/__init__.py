"""Tools for the people who keep ``messages/`` right: what to re-read this month, which links broke.

Not part of the running bot: ``lookout content review`` and ``lookout content links`` use them.
"""
