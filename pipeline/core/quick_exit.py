"""The end of a command-line process that has done its work."""

from __future__ import annotations

import atexit
import os
import sys
import threading


def exit_now(code: int) -> None:
    """End a command that has done its work without freeing its heap object by object, which took a second after
    a run of 500 documents: the exit handlers run (temporary folders, pools, child processes), the streams are
    flushed, and the process ends. With a thread of its own still running, or under a profiler or a debugger (which
    write what they saw after the command returns), the process ends as Python ends it."""
    if sys.getprofile() or sys.gettrace() or any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken pipe: nothing more can be said
            pass
    os._exit(code)
