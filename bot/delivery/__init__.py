"""Scheduled delivery: choosing the next tip for a subscription and posting it through a Messenger."""
