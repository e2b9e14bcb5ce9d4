"""Worker processes end with the command that started them.

A pool's workers are forked with the pool's queues open, so each holds the other
end of its siblings' pipes: were the command killed (SIGKILL, an out-of-memory
kill), its workers would wait on those pipes for ever, holding the terminal's or
CI's output open. On Linux the kernel can send a signal to a process whose parent
dies; elsewhere a worker at least checks that its parent is still the one it had.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Called first thing in a worker: SIGKILL it when the process `parent_pid` ends."""
    if sys.platform.startswith("linux"):
        import ctypes  # only in workers: the command itself never pays for it

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent was gone before the request took effect
        os._exit(1)
