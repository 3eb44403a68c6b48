"""The returns pages, plain Flask routes with the site's sign-in and form tokens:

    GET       /returns                          the signed-in owner's returns due (admins/analysts: ?owner=)
    GET|POST  /returns/<indicator>/<org>        enter one return: save a draft or submit
    GET|POST  /returns/review                   a head of service signs off or sends back
    POST      /returns/unlock                   an admin unlocks a signed-off period, with a reason
    GET       /returns/audit?org=&period=       every event for a unit's period
    GET       /returns/chasing[.csv]            overdue returns by directorate and owner
    GET|POST  /returns/spot-checks              the month's sample; checkers record evidence, pass or fail
    GET|POST  /returns/recalculation            SPC recalculation points per indicator, with a reason
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

import flask
import jinja2

from dashboard.auth import csrf
from dashboard.auth.viewer import current_viewer
from dashboard.context import current_db, current_settings
from dashboard.downloads import text_response
from dashboard.returns import service
from dashboard.returns.due import Due, today as today_of
from dashboard.returns.store import (ReturnsStore, StoreError, locks, recalculations, returns as returns_table,
                                     reviews as reviews_table)
from dashboard.returns.validate import check

_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                autoescape=True)


def store() -> ReturnsStore:
    return flask.current_app.extensions["mi_returns"]


def fmt(d: Due, value) -> str:
    """A stored value as the dashboard shows it."""
    if value is None:
        return "–"
    return fmt_display(d, value * d.scale)


def fmt_display(d: Due, value) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{d.decimals}f}"
    return text + "%" if d.unit == "percent" else text


def page(template: str, *, title: str, status: int = 200, messages=(), **context) -> flask.Response:
    body = _templates.get_template(template).render(
        title=title, viewer=current_viewer(), messages=list(messages), csrf=csrf.csrf_token(), fmt=fmt,
        fmt_display=fmt_display, today=context.pop("today", None), **context)
    return flask.Response(body, status=status, mimetype="text/html")


def _signed_in():
    viewer = current_viewer()
    if viewer.username is None:
        return None, text_response(403, "Returns are entered and signed off by named accounts: sign in (MI_AUTH=local "
                                        "or oidc) to use /returns.")
    return viewer, None


def register_routes(server: flask.Flask, settings) -> None:
    server.extensions["mi_returns"] = ReturnsStore.from_settings(settings)

    @server.route("/returns")
    def returns_list():
        viewer, refused = _signed_in()
        if refused:
            return refused
        on = today_of(current_settings())
        owner = viewer.display_name
        if viewer.role in ("admin", "analyst") and flask.request.args.get("owner"):
            owner = flask.request.args["owner"]
        dues = service.dues_for(current_db(), store(), viewer, on, owner=owner)
        return page("list.html", title="Returns due", dues=dues, owner=owner, today=on,
                    overdue=sum(d.overdue(on) for d in dues))

    @server.route("/returns/<indicator>/<org>", methods=["GET", "POST"])
    def return_entry(indicator: str, org: str):
        viewer, refused = _signed_in()
        if refused:
            return refused
        on = today_of(current_settings())
        matches = [d for d in _one_due(viewer, indicator, org, on)]
        if not matches:
            return text_response(404, f"You have no return due for {indicator[:60]} from {org[:60]}: returns are "
                                      "entered by the indicator's owner.")
        d = matches[0]
        title = f"{d.indicator_name}"
        if flask.request.method == "GET":
            return page("entry.html", title=title, d=d, form=_prefill(d), checked=None, today=on,
                        request_id=secrets.token_hex(16))
        if not csrf.token_valid():
            return text_response(403, "The form had expired: reload the page and enter the return again.")
        form = {k: flask.request.form.get(k, "") for k in ("numerator", "denominator", "value", "what_why",
                                                           "action", "recovery_date", "reason")}
        kind = flask.request.form.get("action_kind", "draft")
        checked = check(d, form)
        messages = []
        problems = bool(checked.errors) or (checked.needs_reason and not form["reason"].strip()) or \
            (kind == "submit" and checked.blocks_submission)
        if form["recovery_date"]:
            try:
                dt.date.fromisoformat(form["recovery_date"])
            except ValueError:
                checked.errors.append("The recovery date is not a date (YYYY-MM-DD).")
                problems = True
        if problems:
            if checked.needs_reason and not form["reason"].strip() and not checked.errors:
                messages.append(("warning", "This value needs a reason before it can be saved: see below."))
            return page("entry.html", title=title, d=d, form=form, checked=checked, today=on, status=422,
                        request_id=flask.request.form.get("request_id") or secrets.token_hex(16), messages=messages)
        try:
            store().save_return(
                username=viewer.username, indicator_code=d.indicator_code, org_code=d.org_code, period=d.period,
                state="submitted" if kind == "submit" else "draft", numerator=checked.numerator,
                denominator=checked.denominator, value=checked.value, what_why=form["what_why"],
                action=form["action"], recovery_date=form["recovery_date"], reason=form["reason"],
                checks=json.dumps(checked.needs_reason + checked.blocks_submission),
                request_id=flask.request.form.get("request_id") or None)
        except StoreError as exc:
            return page("entry.html", title=title, d=d, form=form, checked=None, today=on, status=409,
                        request_id=secrets.token_hex(16), messages=[("danger", str(exc))])
        done = "submitted for sign-off" if kind == "submit" else "saved as a draft"
        return page("entry.html", title=title, d=_reload(viewer, d, on), form=form, checked=checked, today=on,
                    request_id=secrets.token_hex(16),
                    messages=[("success", f"{d.indicator_name} for {d.org_name}, {d.period}: {done}.")])

    @server.route("/returns/review", methods=["GET", "POST"])
    def returns_review():
        viewer, refused = _signed_in()
        if refused:
            return refused
        on = today_of(current_settings())
        messages = []
        if flask.request.method == "POST":
            if not csrf.token_valid():
                return text_response(403, "The form had expired: reload the page.")
            org, period = flask.request.form.get("org", ""), flask.request.form.get("period", "")
            if not service.may_review(current_db(), viewer, org):
                return text_response(403, "Only a head of service above this unit (or an admin) signs off its returns.")
            decisions = {}
            for key, decision in flask.request.form.items():
                if key.startswith("decision-") and decision in ("signed_off", "sent_back"):
                    code = key[len("decision-"):]
                    decisions[code] = (decision, flask.request.form.get(f"comment-{code}", ""))
            own = {r["indicator_code"] for r in store().latest(returns_table, org_code=org, period=period)
                   if r["username"] == viewer.username}
            if own & set(decisions):
                messages.append(("danger", "You cannot sign off or send back a return you submitted yourself."))
            elif decisions:
                try:
                    store().review(username=viewer.username, org_code=org, period=period, decisions=decisions)
                    locked = store().locked(org, period)
                    messages.append(("success", f"{len(decisions)} decisions recorded for {org}, {period}"
                                                + ("; the period is signed off and locked." if locked else ".")))
                except StoreError as exc:
                    messages.append(("danger", str(exc)))
            else:
                messages.append(("warning", "Choose sign off or send back for at least one return."))
        dues = [d for d in service.dues_for(current_db(), store(), viewer, on)
                if d.current is not None and service.may_review(current_db(), viewer, d.org_code)]
        groups: dict[tuple, list[Due]] = {}
        for d in dues:
            groups.setdefault((d.org_code, d.org_name, d.period), []).append(d)
        locked = {(o, p): any(x.locked for x in rows) for (o, _n, p), rows in groups.items()}
        return page("review.html", title="Review and sign off", groups=sorted(groups.items()), locked=locked,
                    today=on, messages=messages)

    @server.route("/returns/unlock", methods=["POST"])
    def returns_unlock():
        viewer, refused = _signed_in()
        if refused:
            return refused
        if viewer.role != "admin":
            return text_response(403, "Only an admin unlocks a signed-off period.")
        if not csrf.token_valid():
            return text_response(403, "The form had expired: reload the page.")
        org, period = flask.request.form.get("org", ""), flask.request.form.get("period", "")
        try:
            store().unlock(username=viewer.username, org_code=org, period=period,
                           reason=flask.request.form.get("reason", ""))
        except StoreError as exc:
            return text_response(400, str(exc))
        return flask.redirect(f"/returns/audit?org={org}&period={period}", code=303)

    @server.route("/returns/audit")
    def returns_audit():
        viewer, refused = _signed_in()
        if refused:
            return refused
        org, period = flask.request.args.get("org", ""), flask.request.args.get("period", "")
        if not org or not period:
            return text_response(400, "Say which unit and period: /returns/audit?org=CODE&period=YYYY-MM.")
        if not viewer.scope.allows(org):
            return text_response(403, "You do not have access to that unit.")
        return page("audit.html", title=f"Audit trail · {org} · {period}", org_name=org, period=period,
                    events=audit_events(store(), org, period))

    from dashboard.returns import routes_more
    routes_more.register(server)


def audit_events(st: ReturnsStore, org: str, period: str) -> list[dict]:
    """Every event of a unit's period in order, each return event with the value before it."""
    out, previous = [], {}
    events = [("return", e) for e in st.events(returns_table, org_code=org, period=period)] + \
             [("review", e) for e in st.events(reviews_table, org_code=org, period=period)] + \
             [("lock", e) for e in st.events(locks, org_code=org, period=period)]
    for kind, e in sorted(events, key=lambda ke: (ke[1]["at"], {"return": 0, "review": 1, "lock": 2}[ke[0]], ke[1]["id"])):
        if kind == "return":
            old = previous.get(e["indicator_code"])
            previous[e["indicator_code"]] = e
            out.append(dict(at=e["at"], username=e["username"], what={"draft": "draft saved",
                                                                       "submitted": "submitted"}[e["state"]],
                            indicator=e["indicator_code"], old=_shown(old), new=_shown(e),
                            why="; ".join(x for x in (e["what_why"], e["reason"] and f"reason: {e['reason']}") if x)))
        elif kind == "review":
            out.append(dict(at=e["at"], username=e["username"], what=e["decision"].replace("_", " "),
                            indicator=e["indicator_code"], old="", new="", why=e["comment"]))
        else:
            out.append(dict(at=e["at"], username=e["username"], what="locked" if e["locked"] else "unlocked",
                            indicator="(all)", old="", new="", why=e["reason"]))
    return out


def _shown(e) -> str:
    if e is None:
        return ""
    if e["numerator"] is not None:
        return f"{e['numerator']:g}/{e['denominator']:g}"
    return "" if e["value"] is None else f"{e['value']:g}"


def _prefill(d: Due) -> dict:
    source = d.current or {}
    build = d.build_value or {}
    def number(v):
        return "" if v is None or v != v else f"{v:g}"
    return dict(numerator=number(source.get("numerator", build.get("numerator"))),
                denominator=number(source.get("denominator", build.get("denominator"))),
                value=number(source["value"] * d.scale) if source.get("value") is not None else
                number(build["value"] * d.scale) if build.get("value") is not None else "",
                what_why=source.get("what_why", ""), action=source.get("action", ""),
                recovery_date=source.get("recovery_date", ""), reason=source.get("reason", ""))


def _one_due(viewer, indicator: str, org: str, on) -> list[Due]:
    """The viewer's return for one indicator and unit (queries on that unit alone: entry is the busy path)."""
    if not viewer.scope.allows(org) or org not in _units(org):
        return []
    return [d for d in service.dues_for(current_db(), store(), viewer, on, owner=viewer.display_name, org=org,
                                        indicator=indicator) if d.org_code == org]


def _units(org: str) -> set[str]:
    return set(current_db().query("org_below", code=org)["org_code"])


def _reload(viewer, d: Due, on) -> Due:
    fresh = _one_due(viewer, d.indicator_code, d.org_code, on)
    return fresh[0] if fresh else d
