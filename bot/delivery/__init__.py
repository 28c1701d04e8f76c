"""Scheduled delivery: exactly one post per slot, across restarts and processes.

- ``service``: ``DeliveryService.tick()``, the dispatch job body (claim, compose, send, record);
- ``clock``: the APScheduler ``AsyncIOScheduler`` that runs the tick on the bot's loop;
- ``claims``: the ``deliveries`` rows (unique claim per slot, leases, catch-up, rotation state);
- ``sender`` and ``pacing``: the one send path (token buckets, retries with backoff);
- ``failures``: failures that need a person (notice, notifier, pause after three);
- ``compose``: the next tip for a channel, and ``post-now``.
"""
