"""gunicorn settings read from the project root by every ``gunicorn`` start.

Workers come from ``WEB_CONCURRENCY``, as gunicorn reads it, defaulting to two per
core: a request waits on PostgreSQL and Redis for part of its time, which a second
process fills. Each worker runs one request at a time: on 2 cores, 4 workers of 4
threads served a few percent more requests than 4 single-threaded ones but doubled
the p99 (the threads queue for the interpreter lock), so threads are not the default.

The control socket of gunicorn 27 would otherwise be created in the user's home
directory; nothing here uses it.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * os.cpu_count())
control_socket_disable = True
