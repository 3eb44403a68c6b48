"""Who is looking: one :class:`Viewer` per request, resolved once (dashboard.auth)
and kept in ``flask.g``; its :class:`~dashboard.db.Scope` is what the query
runner enforces.

Roles (README, "Accounts and roles"):

* ``cabinet`` — everything council-wide, never case-level casework;
* ``manager`` — their unit and everything below it;
* ``analyst`` and ``admin`` — everything; case-level casework only with the
  casework permission, which covers the teams at or below one unit;
* ``partner`` — only /partnerships, showing the indicators their organisation supplies.
"""

from __future__ import annotations

from dataclasses import dataclass

import flask

from dashboard.db import EVERYTHING, Database, Scope

NOTHING = Scope(units=frozenset(), casework=frozenset())

# The sections of the main navigation each kind of viewer may open (None: all of them).
PARTNER_SECTIONS = frozenset({"partnerships"})
COUNCIL_WIDE_SECTIONS = frozenset({"partnerships", "sources"})     # figures for the whole council only


@dataclass(frozen=True)
class Viewer:
    username: str | None          # None: nobody is signed in
    display_name: str
    role: str | None              # None: no sign-in (demonstration mode) or nobody
    scope: Scope
    home_unit: str | None = None  # a manager's unit: where their pages open
    demonstration: bool = False   # MI_AUTH=none on demonstration data

    @property
    def signed_in(self) -> bool:
        return self.username is not None or self.demonstration

    @property
    def partner(self) -> bool:
        return self.scope.partner is not None

    @property
    def has_returns(self) -> bool:
        """Whether /returns is theirs to use: a named account that owns, reviews or checks returns (managers —
        owners and heads of service are managers —, analysts and admins)."""
        return self.username is not None and not self.partner and self.role in ("manager", "analyst", "admin")

    def may_open(self, section: str) -> bool:
        """Whether a section of the navigation is open to this viewer (it is not offered otherwise)."""
        if self.partner:
            return section in PARTNER_SECTIONS
        if section in COUNCIL_WIDE_SECTIONS:
            return self.scope.council_wide
        return self.signed_in or self.scope == EVERYTHING

    def may_see_cases(self, org_code: str) -> bool:
        return self.scope.allows_cases(org_code)


DEMONSTRATION = Viewer(None, "", None, EVERYTHING, demonstration=True)
ANONYMOUS = Viewer(None, "", None, NOTHING)


def viewer_for(user, db: Database) -> Viewer:
    """The viewer of a signed-in account: its role and units turned into a scope."""
    def below(code: str | None) -> frozenset[str]:
        return frozenset(db.query("org_below", code=code)["org_code"]) if code else frozenset()

    casework = below(user.casework_code)
    if user.role == "partner":
        scope = Scope(units=frozenset(), casework=frozenset(), partner=user.partner_code)
    elif user.role == "manager":
        units = below(user.org_code)
        scope = Scope(units=units, casework=casework & units)
    elif user.role == "cabinet":
        scope = Scope(units=None, casework=frozenset())
    else:                                   # analyst, admin
        scope = Scope(units=None, casework=casework)
    return Viewer(user.username, user.display_name, user.role, scope,
                  home_unit=user.org_code if user.role == "manager" else None)


def current_viewer() -> Viewer:
    """The request's viewer (everything outside a request: command-line tools and tests)."""
    if flask.has_request_context():
        return flask.g.get("mi_viewer", ANONYMOUS)
    return Viewer(None, "", None, EVERYTHING)
