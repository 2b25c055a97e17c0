"""One Dutch line for the errors the operating system, the network and the database give in English.

Every command of the CLI prints failures through :func:`error_line` (``fout: ...``, exit 2), and the
readers and downloaders below it (``tabular.read``, ``geo.fetch``, ``layers.npm``) use
:func:`os_reason` and :func:`network_reason` for the part of their message that comes from the
system. It imports nothing from the project, so every floor may use it.

>>> error_line(FileNotFoundError(2, "No such file or directory", "/tmp/x.csv"))
'/tmp/x.csv: bestand of map bestaat niet'
"""
from __future__ import annotations

import errno
import socket
import ssl
import urllib.error

#: errno -> what happened, in Dutch
_ERRNO = {
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EISDIR: "is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.EEXIST: "bestaat al",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.EMFILE: "te veel open bestanden",
    errno.EIO: "lees- of schrijffout op de schijf",
    errno.ECONNREFUSED: "verbinding geweigerd (draait de server?)",
    errno.ECONNRESET: "verbinding verbroken door de server",
    errno.ETIMEDOUT: "geen antwoord binnen de tijd",
    errno.ENETUNREACH: "netwerk onbereikbaar (offline?)",
    errno.EHOSTUNREACH: "server onbereikbaar (offline?)",
    errno.EADDRNOTAVAIL: "adres niet beschikbaar",
}
#: exception class -> what happened (when the error carries no errno)
_TYPES = [
    (FileNotFoundError, _ERRNO[errno.ENOENT]), (IsADirectoryError, _ERRNO[errno.EISDIR]),
    (NotADirectoryError, _ERRNO[errno.ENOTDIR]), (PermissionError, _ERRNO[errno.EACCES]),
    (FileExistsError, _ERRNO[errno.EEXIST]), (ConnectionRefusedError, _ERRNO[errno.ECONNREFUSED]),
    (ConnectionResetError, _ERRNO[errno.ECONNRESET]), (TimeoutError, _ERRNO[errno.ETIMEDOUT]),
]
#: messages of SQLite (and the driver) -> Dutch
_DATABASE = {
    "file is not a database": "het bestand is geen SQLite-database",
    "unable to open database file": "het databasebestand is niet te openen",
    "database is locked": "de database is bezet (vergrendeld door een ander proces)",
    "attempt to write a readonly database": "de database is alleen-lezen",
    "database disk image is malformed": "het databasebestand is beschadigd",
    "disk i/o error": "lees- of schrijffout op de schijf",
}


def os_reason(exc: BaseException) -> str:
    """What went wrong, in Dutch, without the file name: 'bestand of map bestaat niet'."""
    if isinstance(exc, socket.gaierror):
        return "servernaam onbekend (geen netwerk, of een typefout in het adres?)"
    if isinstance(exc, ssl.SSLError):
        return "beveiligde verbinding (TLS) mislukt"
    if isinstance(exc, socket.timeout):
        return _ERRNO[errno.ETIMEDOUT]
    number = getattr(exc, "errno", None)
    if number in _ERRNO:
        return _ERRNO[number]
    for kind, text in _TYPES:
        if isinstance(exc, kind):
            return text
    return _first_line(getattr(exc, "strerror", None) or str(exc)) or exc.__class__.__name__


def network_reason(exc: BaseException) -> str:
    """Why a download failed, in Dutch: the reason inside a URLError, a socket error, a timeout."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"de server antwoordde HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        return os_reason(reason) if isinstance(reason, BaseException) else (_first_line(str(reason)) or "onbekende fout")
    return os_reason(exc)


def database_reason(exc: BaseException) -> str:
    """A database driver's message in Dutch where it is a known one, else its first line."""
    text = _first_line(str(getattr(exc, "orig", None) or exc))
    return _DATABASE.get(text.lower(), text or exc.__class__.__name__)


def error_line(exc: BaseException, path: object = None) -> str:
    """One Dutch line for ``exc`` (without 'fout: '); ``path`` names the file when the error does not.

    OS errors give 'pad: wat er mis is', undecodable text 'pad: geen leesbare tekst (UTF-8, byte 5)',
    network errors their reason; any other error keeps the first line of its own (Dutch) message.
    """
    where = getattr(exc, "filename", None) or path
    prefix = f"{where}: " if where not in (None, "") else ""
    if isinstance(exc, UnicodeDecodeError):
        return (f"{prefix}geen leesbare tekst ({exc.encoding.upper()}, byte {exc.start + 1:,}); "
                "is het een binair bestand? Sla het op als CSV UTF-8")
    if isinstance(exc, urllib.error.URLError):
        return f"{prefix}niet bereikbaar: {network_reason(exc)}"
    if isinstance(exc, OSError):
        if exc.errno is None and exc.strerror is None and str(exc):  # raised with our own message
            return _first_line(str(exc))
        return prefix + os_reason(exc)
    return _first_line(str(exc)) or exc.__class__.__name__


def _first_line(text: str) -> str:
    lines = str(text).strip().splitlines()
    return lines[0].strip() if lines else ""
