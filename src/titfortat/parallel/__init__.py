"""Coding on every core of one machine (`pool`) or on a Ray cluster (`ray_coder`).

Both wrap the single-process coder (`titfortat.api.code_stories`): a worker holds one
pipeline, codes whole batches of stories with it, and the driver yields the results in
input order, so the output equals that of one process, record for record.

    >>> from titfortat.parallel import code_parallel
    >>> for result in code_parallel(read_paths(["news/"]), workers=0):  # 0 = all cores
    ...     ...
"""

from __future__ import annotations

from titfortat.parallel.batches import batched, resolve_workers
from titfortat.parallel.pool import code_parallel

__all__ = ["batched", "code_parallel", "resolve_workers"]
