"""gunicorn settings read from the project root by every ``gunicorn`` start.

The control socket of gunicorn 27 would otherwise be created in the user's home
directory; nothing here uses it.
"""

control_socket_disable = True
