#!/usr/bin/env python3
# A stand-in for Chromium behind silentcors-chromium (the seam: its real
# Chromium is $SILENTCORS_REAL_CHROMIUM). It says where its DevTools listen,
# as Chromium does on stderr, then, with --remote-debugging-pipe, answers
# every message on fd 3 on fd 4 with what it was and whether $FAKE_FLAG
# existed when it arrived: the test creates that file just before it tells
# the wrapper "attached". It exits with $FAKE_EXIT when the pipe closes, or
# at once without a pipe. With $FAKE_LATE_CHILD it leaves a process of its
# own behind, as Chromium's network service outlives its browser process by
# a moment: "writes" writes the file $FAKE_LATE_CHILD_WRITES a moment after
# the fake has exited (a cache index into the profile), "lingers" never
# exits on its own. Its pid is on stderr: "late child PID".
import json
import os
import signal
import sys
import time


def leave_a_late_child(kind):
    parent_alive_read, parent_alive_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(parent_alive_write)
        os.read(parent_alive_read, 1)  # Ends when the fake has exited.
        if kind == "lingers":
            while True:
                signal.pause()
        time.sleep(0.3)  # The real one is flushing its cache index.
        with open(os.environ["FAKE_LATE_CHILD_WRITES"], "w") as out:
            out.write("written after the browser process exited\n")
        os._exit(0)
    os.close(parent_alive_read)  # The write end stays open until the fake exits.
    print(f"late child {pid}", file=sys.stderr, flush=True)


if os.environ.get("FAKE_LATE_CHILD"):
    leave_a_late_child(os.environ["FAKE_LATE_CHILD"])

print(f"argv {json.dumps(sys.argv[1:])}", file=sys.stderr, flush=True)
print("DevTools listening on ws://127.0.0.1:9/devtools/browser/fake", file=sys.stderr, flush=True)
exit_code = int(os.environ.get("FAKE_EXIT", "0"))
if "--remote-debugging-pipe" not in sys.argv:
    if os.environ.get("FAKE_WAIT_FOR_SIGNAL"):
        signal.pause()
    sys.exit(exit_code)
buffer = b""
while True:
    chunk = os.read(3, 65536)
    if not chunk:
        break
    buffer += chunk
    while b"\0" in buffer:
        message, buffer = buffer.split(b"\0", 1)
        answer = {"got": message.decode(), "attached": os.path.exists(os.environ["FAKE_FLAG"])}
        os.write(4, json.dumps(answer).encode() + b"\0")
sys.exit(exit_code)
