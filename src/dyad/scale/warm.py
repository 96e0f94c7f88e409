"""A process that loads the pipeline while Spark's JVM starts, then becomes the executor's Python daemon.

On local[N], Spark launches its Python daemon (`dyad.scale.daemon`) only when the first task runs, after the
JVM has started, so a daemon that loads the spaCy pipeline itself adds its whole load to the run's start.
Instead the driver starts this server first thing (`start`); it loads the pipeline on the core the JVM's
start leaves idle. When the JVM launches `dyad.scale.daemon`, that process hands its standard streams, its
environment and its working directory to this server (`hand_over`), which forks a child that runs PySpark's
daemon loop with them: the JVM talks to a daemon that had the pipeline before it was asked for one. The
launched process stays as the child's stand-in (the JVM watches it): it ends when the child ends and passes
on the signals the JVM sends it.

The server is only used where the executors run on the driver's machine (a local master); elsewhere
`dyad.scale.daemon` does not find it and loads the pipeline itself.
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SOCKET_VARIABLE = "DYAD_SPARK_WARM_SOCKET"  # where the daemon finds the server (inherited through the JVM)
_MESSAGE_BYTES = 1 << 20  # the environment, the working directory and the arguments, pickled
_STREAMS = 3  # stdin (the JVM's orders), stdout (the daemon's port), stderr (the executor's log)


class WarmServer:
    """The driver's handle on the server process: `close` ends it (a daemon forked from it lives on until
    the JVM closes its standard input)."""

    def __init__(self, process: subprocess.Popen[bytes], folder: str) -> None:
        self.process = process
        self.folder = folder

    def close(self) -> None:
        """End the server (again: a no-op)."""
        os.environ.pop(SOCKET_VARIABLE, None)
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()  # its end of the pipe: the server exits at once
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_EARLY: list[WarmServer] = []  # a server started by start_early, for this process's next start() to take


def start_early(master: str | None) -> None:
    """Start the server now if the run will be on a local master (`master`, or None: local[2] unless under
    spark-submit), for the command line to call before its own imports: the pipeline loads meanwhile."""
    local = master.startswith("local") if master else "PYSPARK_GATEWAY_PORT" not in os.environ
    if local and not _EARLY:
        _EARLY.append(_start_server())


def start() -> WarmServer:
    """The server start_early started, else a new one (it begins loading the pipeline now); the daemons
    Spark launches find it."""
    while _EARLY:
        server = _EARLY.pop()
        if server.process.poll() is None and os.environ.get(SOCKET_VARIABLE):
            return server
        server.close()
    return _start_server()


def _start_server() -> WarmServer:
    folder = tempfile.mkdtemp(prefix="dyad-warm-")
    path = str(Path(folder) / "socket")
    # Bound and listening here, before the server exists: a daemon that connects while the server is still
    # starting or loading waits in the queue instead of finding no socket.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(path)
        listener.listen()
        process = subprocess.Popen([sys.executable, "-m", "dyad.scale.warm", str(listener.fileno())],
                                   stdin=subprocess.PIPE, pass_fds=[listener.fileno()])
    os.environ[SOCKET_VARIABLE] = path  # the JVM starts after this, and passes its environment on
    return WarmServer(process, folder)


def serve(listener_fd: int) -> None:
    """The server: load, then fork a daemon per hand-over (queued on the listening socket it was given)
    until the driver closes this process's standard input."""
    listener = socket.socket(fileno=listener_fd)
    import dyad.worker_preload  # loads the pipeline

    dyad.worker_preload.warm_up_cleaning()  # Spark's workers clean their inputs too
    import pyspark.daemon  # noqa: F401 (what every daemon runs, imported once here)

    poller = select.poll()
    poller.register(0, select.POLLIN)
    poller.register(listener, select.POLLIN)
    while True:
        ready = {fd for fd, _ in poller.poll()}
        if 0 in ready and not os.read(0, 512):
            return  # the driver is done (or gone)
        if listener.fileno() in ready:
            connection, _ = listener.accept()
            _fork_daemon(listener, connection)


def _fork_daemon(listener: socket.socket, connection: socket.socket) -> None:
    with connection:
        message, fds, _, _ = socket.recv_fds(connection, _MESSAGE_BYTES, _STREAMS)
        if len(fds) != _STREAMS:
            for fd in fds:
                os.close(fd)
            return
        pid = os.fork()
        if pid:
            for fd in fds:
                os.close(fd)
            return
        # The child: it becomes the daemon the JVM launched, with that process's streams and settings.
        listener.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        environment, directory, arguments = pickle.loads(message)
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(directory)
        sys.argv = arguments
        connection.sendall(str(os.getpid()).encode())
    code = 0
    try:
        from pyspark.daemon import manager

        manager()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    finally:
        os._exit(code)


def hand_over() -> bool:
    """In the process the JVM launched: give its streams to the server's new daemon and stand in for that
    daemon until it ends (then exit). False, at once, where no server answers: load and serve here."""
    path = os.environ.get(SOCKET_VARIABLE)
    if not path:
        return False
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(path)
        message = pickle.dumps((dict(os.environ), str(Path.cwd()), sys.argv))
        socket.send_fds(client, [message], list(range(_STREAMS)))
        answer = client.recv(64)  # the daemon's pid, once the server has loaded and forked it
    except OSError:
        return False
    finally:
        client.close()
    if not answer:
        return False
    _stand_in(int(answer))
    return True


def _stand_in(pid: int) -> None:
    """Wait for the daemon's end; a signal the JVM sends this process (to stop the daemon) goes to it."""

    def forward(signum: int, frame: object) -> None:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            os._exit(0)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in range(_STREAMS):  # the daemon has them; holding them here would keep nothing open longer
        os.dup2(devnull, fd)
    handle = os.pidfd_open(pid)  # readable once the daemon has ended (it is not a child of this process)
    while True:
        try:
            select.select([handle], [], [])
            os._exit(0)
        except InterruptedError:
            continue


if __name__ == "__main__":
    serve(int(sys.argv[1]))
    # Nothing to flush or close: the interpreter's teardown would free the whole loaded pipeline object by
    # object (a second or so of CPU beside the run's import), while the driver waits for this exit.
    os._exit(0)
