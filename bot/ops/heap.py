"""The long-running process's heap: what start-up loaded is kept out of the garbage collector's scans.

The libraries, the content catalogue and the adapters' state are loaded once and live as long
as the process. Every full collection would scan them all again, and a fan-out allocates enough
(rows, jobs, outcomes per post) to trigger one every few hundred posts: a tenth of a tick's
time went there. ``gc.freeze`` moves everything alive at the end of start-up into a generation
the collector no longer scans; what is allocated afterwards is collected as before.
"""

from __future__ import annotations

import gc


def settle_start_up_heap() -> None:
    """Collect start-up's garbage, then freeze what is left (call once, when start-up is done)."""
    gc.collect()
    gc.freeze()
