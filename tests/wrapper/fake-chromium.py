#!/usr/bin/env python3
# A stand-in for Chromium behind silentcors-chromium (the seam: its real
# Chromium is $SILENTCORS_REAL_CHROMIUM). It says where its DevTools listen,
# as Chromium does on stderr, then, with --remote-debugging-pipe, answers
# every message on fd 3 on fd 4 with what it was and whether $FAKE_FLAG
# existed when it arrived: the test creates that file just before it tells
# the wrapper "attached". It exits with $FAKE_EXIT when the pipe closes, or
# at once without a pipe.
import json
import os
import signal
import sys

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
