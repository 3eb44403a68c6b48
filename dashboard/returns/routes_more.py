"""The analysts' side of returns: the chasing list, the monthly spot-check sample and SPC
recalculation points (routes listed in dashboard/returns/routes.py)."""

from __future__ import annotations

import io

import flask

from dashboard.auth import csrf
from dashboard.auth.viewer import current_viewer
from dashboard.context import current_db, current_settings
from dashboard.downloads import text_response
from dashboard.periods import parse_month
from dashboard.returns import service
from dashboard.returns.due import add_months, month_key, today as today_of
from dashboard.returns.store import StoreError, recalculations, spot_checks
from dashboard.returns.validate import rag

CHECKERS = ("analyst", "admin")


def _store():
    return flask.current_app.extensions["mi_returns"]


def _page(*args, **kwargs):
    from dashboard.returns.routes import page
    return page(*args, **kwargs)


def register(server: flask.Flask) -> None:
    @server.route("/returns/chasing")
    @server.route("/returns/chasing.csv", endpoint="returns_chasing_csv")
    def returns_chasing():
        viewer = current_viewer()
        if viewer.partner or not viewer.signed_in:
            return text_response(403, "The chasing list is for council staff.")
        on = today_of(current_settings())
        frame = service.chasing(service.dues_for(current_db(), _store(), viewer, on), on)
        if flask.request.path.endswith(".csv"):
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False)
            response = flask.Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8")
            response.headers["Content-Disposition"] = f'attachment; filename="chasing-{on.isoformat()}.csv"'
            return response
        by_owner = frame.groupby(["directorate", "owner"], sort=False).size().reset_index(name="overdue") \
            if not frame.empty else frame
        return _page("chasing.html", title="Chasing list", rows=frame.to_dict("records"),
                     owners=by_owner.to_dict("records") if not frame.empty else [], today=on)

    @server.route("/returns/spot-checks", methods=["GET", "POST"])
    def returns_spot_checks():
        viewer = current_viewer()
        if viewer.role not in CHECKERS:
            return text_response(403, "Spot checks are recorded by analysts and admins.")
        on = today_of(current_settings())
        sample_month, period = month_key(on), month_key(add_months(on.replace(day=1), -1))
        messages = []
        if flask.request.method == "POST":
            if not csrf.token_valid():
                return text_response(403, "The form had expired: reload the page.")
            f = flask.request.form
            try:
                _store().spot_check(username=viewer.username, sample_month=sample_month,
                                    indicator_code=f.get("indicator", ""), org_code=f.get("org", ""),
                                    period=f.get("period", ""), stratum=f.get("stratum", ""),
                                    result=f.get("result", ""), evidence=f.get("evidence", ""))
                messages.append(("success", f"Recorded: {f.get('indicator')} {f.get('org')} {f.get('result')}."))
            except StoreError as exc:
                messages.append(("danger", str(exc)))
        sample = service.ensure_sample(_store(), sample_month, period, rag_judge(viewer, on), username=viewer.username)
        return _page("spot_checks.html", title=f"Spot checks · sample for {sample_month}", sample=sample,
                     period=period, today=on, messages=messages)

    @server.route("/returns/recalculation", methods=["GET", "POST"])
    def returns_recalculation():
        viewer = current_viewer()
        if viewer.role not in CHECKERS:
            return text_response(403, "SPC recalculation points are set by analysts and admins.")
        messages = []
        if flask.request.method == "POST":
            if not csrf.token_valid():
                return text_response(403, "The form had expired: reload the page.")
            f = flask.request.form
            code = f.get("indicator", "").strip()
            known = set(current_db().query("returns_expected", org=service.scope_unit(current_db(), viewer))
                        ["indicator_code"])
            try:
                period = month_key(parse_month(f.get("period", "")))
                if code not in known:
                    raise StoreError(f"There is no indicator “{code[:60]}”.")
                _store().recalculation(username=viewer.username, indicator_code=code, period=period,
                                       reason=f.get("reason", ""), active=f.get("active", "yes") != "no")
                messages.append(("success", f"{code}: recalculation point at {period} "
                                            f"{'saved' if f.get('active', 'yes') != 'no' else 'withdrawn'}."))
            except (StoreError, ValueError) as exc:
                messages.append(("danger", str(exc)))
        points = [r for r in _store().latest(recalculations)]
        return _page("recalculation.html", title="SPC recalculation points", points=points, messages=messages)


def rag_judge(viewer, on):
    """rag_of(return event) for the sample's strata: red against the unit's target, or 'restated'
    when the return changed the build's value for the period."""
    dues = {(d.indicator_code, d.org_code): d for d in service.dues_for(current_db(), _store(), viewer, on)}

    def rag_of(ret: dict) -> str:
        d = dues.get((ret["indicator_code"], ret["org_code"]))
        if d is None or ret["value"] is None:
            return "no_target"
        if d.basis in ("in_month", "snapshot"):
            judged = rag(ret["value"] * d.scale, d.target, d.polarity, d.tolerance, d.tolerance_kind)
            if judged == "red":
                return "red"
        if d.build_value and d.build_value.get("value") is not None and \
                abs(float(d.build_value["value"]) - ret["value"]) > 1e-9:
            return "restated"
        return "ok"
    return rag_of


def failures(store) -> list[dict]:
    """Spot checks whose latest finding is a failure (shown on /data-quality)."""
    return [r for r in store.latest(spot_checks) if r["result"] == "fail"]
