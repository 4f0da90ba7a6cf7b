"""Small HTTP servers the tests start on 127.0.0.1 (a partner's site, a webhook receiver, a
listener for addresses a PDF must not fetch)."""

import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

# How often a serving thread looks whether it should stop: with the standard library's half
# second, stopping a server at each test's end waited up to that long.
POLL_SECONDS = 0.02


@contextmanager
def serving(handler):
    """A server for ``handler`` on a free port, answering in a thread until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
