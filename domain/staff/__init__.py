"""Staff: the people who may act, their roles, and their bearer tokens, kept in one stream, the staff directory.

Why one stream (`DIRECTORY_ID`) and not one per person or per token: listing every person, finding a person by
name and authenticating a token are then each one read of one stream, and the rules that span people (a name is
held by one person unless the operator says otherwise; a token belongs to one person; re-issuing revokes the
person's other tokens in the same step) are checked on one state under the store's optimistic concurrency, with
no second index to keep in step. Staff change seldom (tens of events a year for an organ), so the one stream
sees no contention; snapshots bound a cold read, and a serving process keeps the directory in its cache and
reads only the events after it on every request (one indexed query that usually finds nothing), so a
revocation or a change of roles holds from the next request on, in every process.

Before the directory, each token had a stream of its own (`credential_id(token_hash)`) holding
`staff.credential_issued` and `staff.credential_revoked`. Those events stay as they are, still decode, and are
brought into the directory at start (`legacy.import_legacy`).
"""

from domain.staff.events import CredentialIssued, CredentialRevoked, credential_id
from domain.staff.state import Credential, Directory, evolve

__all__ = ["Credential", "CredentialIssued", "CredentialRevoked", "Directory", "credential_id", "evolve"]
