"""The one declared path from each client-linked record to its client.

Access helpers, the audit writer and views all reach a record's client through `client_path`
(a Django lookup path of foreign keys) or the `client` it leads to, never by writing the chain
out by hand.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .people import Client


class ClientRecord:
    """A row of a client's record that holds its client directly (a `client` foreign key)."""

    client_path: ClassVar[str] = "client"


class NestedClientRecord(ClientRecord):
    """A row of a client's record reached through its parents, such as a step through goal and plan."""

    @property
    def client(self) -> Client:
        """Return the client this record belongs to (loaded with it by the access helpers)."""
        client: Client = attrgetter(self.client_path.replace("__", "."))(self)
        return client
