"""gunicorn settings read from the project root by every ``gunicorn`` start.

Threads: an API request spends a third of its time waiting on PostgreSQL and
Redis, and a worker's threads fill those waits; on 2 cores 4 workers of 4 threads
served the list 25% faster than 4 single-threaded workers (bench/load.py).
Workers come from ``WEB_CONCURRENCY``, as gunicorn reads it, defaulting to 2 per core.

The control socket of gunicorn 27 would otherwise be created in the user's home
directory; nothing here uses it.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * os.cpu_count())
threads = 4
control_socket_disable = True
