"""Idempotency keys at the doors: a retried move answers its first result (the rule: services/idempotency.py).

A request that changes state (POST, PUT, PATCH, DELETE) from a signed-in user or an API token may name a
key: the `Idempotency-Key` header, or the hidden `idempotency_key` field that every rendered form carries.
That field is added to each HTML page on its way out, right after each CSRF token input (`stamp_forms`), a
fresh uuid4 for each: every form that changes state has a CSRF token, so none can miss its key, and a form
rendered again (after a refusal) gets a new one. A keyed request runs as ONE transaction, so that its move
and the record of its answer commit together or not at all:

- before_request (after the permission guard, the CSRF check and the input checks): the request's session
  is rebound to a connection whose transaction begins here; the services' own commits become savepoints
  inside it (join_transaction_mode="create_savepoint"). The key is claimed in it, or the first answer is
  given again at once;
- after_request: a success (2xx, 3xx) writes its answer into the key, then the whole transaction commits.
  Any other answer rolls everything back: a refused move changed nothing, and its key is free again. (An
  HTML page answering a form commits without its key: see `_kept`.)

A replay answers the first status, body and content type, with `Idempotent-Replayed: true`; a form's
replay redirects where the first went, with the messages the first flashed and one saying it was done once.
A request without a key runs as before.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from uuid import uuid4

from flask import Flask, Response, current_app, flash, g, redirect, request
from flask import session as cookie_session
from sqlalchemy.engine import Connection, Engine

from .db import SAFE_METHODS, get_session
from .permissions import current_actor
from .services import idempotency
from .services.idempotency import Replay

HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
REPLAYED = "Idempotent-Replayed"
ALREADY_DONE = "This form had already been sent and was done once; it was not done again."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CSRF_INPUT = re.compile(rb'<input\b[^>]*\bname="(?:[\w-]+-)?csrf_token"[^>]*>')  # a form's prefix too


@dataclass
class _Keyed:
    """A keyed request in flight: its own connection (the one transaction), the engine it came from."""

    connection: Connection
    engine: Engine
    api: bool
    flashes_before: int = 0
    row_id: int | None = None
    join_mode: str = field(default="conditional_savepoint")


def stamp_forms(response: Response) -> None:
    """Give every form of an HTML page its own key: a hidden `idempotency_key` input (a new uuid4) right
    after each CSRF token input. A page without forms is left as it is."""
    if response.mimetype != "text/html" or response.is_streamed or response.direct_passthrough:
        return
    page = response.get_data()
    if b'csrf_token"' not in page:
        return
    response.set_data(b"".join(_stamped(page)))


def _stamped(page: bytes):
    """The pieces of `page` with a key input after each CSRF_INPUT match: what CSRF_INPUT.sub gives, found
    from each `csrf_token"` back to its tag instead of trying the pattern at every "<input" (a split screen
    has a thousand inputs and 200 forms; the scan was a tenth of its time, #10). A match ends at the first
    ">" after its "<input", so whichever "<input" of a tag matches, the key goes in at the same place."""
    done, at = 0, page.find(b'csrf_token"')
    while at != -1:
        start, end = at, None
        # back over this tag's "<input"s only: a match from an earlier tag would end before `at`
        while (start := page.rfind(b"<input", done, start)) != -1 and b">" not in page[start:at]:
            match = CSRF_INPUT.match(page, start)
            if match is not None and match.end() > at:
                end = match.end()
                break
        if end is not None:
            yield page[done:end]
            yield _key_input()
            done = end
        at = page.find(b'csrf_token"', max(at + 1, done))
    yield page[done:]


def _key_input() -> bytes:
    return f'<input type="hidden" name="{FIELD}" value="{uuid4()}">'.encode()


def begin() -> Response | None:
    """before_request: claim the request's key in the transaction it will run in (or replay its answer).
    :raise Invalid: a malformed key, or a key used for another request. :raise Conflict: still running."""
    if request.method in SAFE_METHODS or request.endpoint is None:
        return None
    api = request.blueprint == "api"
    key, name = _sent_key(api)
    if key is None or current_actor() is None:  # nobody to keep it for (signing in)
        return None
    idempotency.check_key(key, name=name)
    fingerprint = _fingerprint(api)
    session = get_session()
    session.commit()  # the sign-in's reads are done; the move's transaction starts now
    engine = session.get_bind()
    state = _Keyed(connection=engine.connect(), engine=engine, api=api)  # type: ignore[union-attr]
    state.join_mode = session.join_transaction_mode
    if not api:
        state.flashes_before = len(cookie_session.get("_flashes", ()))
    g.idempotency = state
    state.connection.begin()  # SQLite: BEGIN IMMEDIATE, the write lock for the whole move
    session.bind, session.join_transaction_mode = state.connection, "create_savepoint"
    found = idempotency.claim(
        session,
        user_id=current_actor().id,
        key=key,
        method=request.method,
        path=_path(),
        fingerprint=fingerprint,
    )
    session.commit()  # a savepoint: the claimed key stays in the move's transaction
    if isinstance(found, Replay):
        return _replay(found, api)
    state.row_id = found
    return None


def finish(response: Response) -> Response:
    """after_request: keep a success's answer with its key and commit the move; roll back anything else.
    Every HTML page's forms get their keys here too (`stamp_forms`)."""
    stamp_forms(response)
    state: _Keyed | None = g.pop("idempotency", None)
    if state is None:
        return response
    try:
        session = g.get("db_session")
        if session is not None:
            session.close()  # what the view left uncommitted is dropped, as without a key
        if state.row_id is not None and response.status_code < 400 and not _kept(response, state):
            idempotency.forget(state.connection, row_id=state.row_id)  # done, as it would be without a key
            state.connection.commit()
        elif state.row_id is not None and response.status_code < 400:
            body, location = _answer(response, state)
            idempotency.record(
                state.connection,
                row_id=state.row_id,
                status_code=response.status_code,
                body=body,
                content_type=response.content_type,
                location=location,
            )
            state.connection.commit()
        else:
            state.connection.rollback()
    finally:
        _release(state)
    return response


def abandon(_exc=None) -> None:
    """teardown_request: a keyed request that never reached `finish` rolls back and lets go."""
    state: _Keyed | None = g.pop("idempotency", None)
    if state is not None:
        _release(state)


def init_app(app: Flask) -> None:
    """Register the hooks: after the guard, the CSRF and the input checks."""
    app.before_request(begin)
    app.after_request(finish)
    app.teardown_request(abandon)


def _sent_key(api: bool) -> tuple[str | None, str]:
    key = request.headers.get(HEADER)
    if key is not None or api or request.mimetype not in FORM_TYPES:
        return key, HEADER
    return request.form.get(FIELD) or None, FIELD


def _path() -> str:
    return request.full_path.removesuffix("?")


def _fingerprint(api: bool) -> str:
    """The request under its key: method, path and query, and the body (a form's fields and files without
    its CSRF token, which changes with the session, and without the key itself)."""
    if request.mimetype not in FORM_TYPES:
        body = request.get_data(cache=True)
    else:
        digest = hashlib.sha256()
        fields = sorted(
            (k, v) for k, v in request.form.items(multi=True) if k != FIELD and not k.endswith("csrf_token")
        )
        digest.update(json.dumps(fields).encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            digest.update(json.dumps([name, upload.filename]).encode())
            for chunk in iter(lambda upload=upload: upload.stream.read(1 << 16), b""):
                digest.update(chunk)
            upload.stream.seek(0)
        body = digest.digest()
    return idempotency.request_hash(request.method, _path(), body)


def _kept(response: Response, state: _Keyed) -> bool:
    """Whether a success is answered again to a retry: every API answer, JSON, a form's redirect. Not an
    HTML page answering a form (a preview, a new API token shown once): it may hold a secret that must not
    be stored, and it is not always the result of a move, so such a retry runs again, as without a key."""
    return state.api or response.is_json or 300 <= response.status_code < 400


def _answer(response: Response, state: _Keyed) -> tuple[str | None, str | None]:
    """What to keep of a success: (body, location). JSON bodies as they are; a form's redirect keeps the
    messages it flashed instead (its HTML body says nothing)."""
    location = response.headers.get("Location") if 300 <= response.status_code < 400 else None
    if response.is_streamed:
        return None, location
    if state.api or response.is_json:
        return response.get_data(as_text=True), location
    flashed = cookie_session.get("_flashes", [])[state.flashes_before :]
    return json.dumps([[category, message] for category, message in flashed]), location


def _replay(found: Replay, api: bool) -> Response:
    if api or (found.content_type or "").startswith("application/json"):
        response = Response(found.body or "", status=found.status_code, content_type=found.content_type)
        if found.location:
            response.headers["Location"] = found.location
    else:
        for category, message in json.loads(found.body or "[]"):
            flash(message, category)
        flash(ALREADY_DONE, "info")
        response = redirect(found.location or "/")
    response.headers[REPLAYED] = "true"
    return response


def _release(state: _Keyed) -> None:
    """Close the keyed connection (rolling back whatever was not committed) and give the request's session
    its engine back, even when the connection is gone."""
    session = g.get("db_session")
    if session is not None and session.bind is state.connection:
        try:
            session.close()
        except Exception:  # the connection died under it: closing the connection below drops it
            current_app.logger.warning("closing the session of a keyed request failed", exc_info=True)
        session.bind, session.join_transaction_mode = state.engine, state.join_mode
    try:
        state.connection.close()
    except Exception:  # a dead connection: the pool discards it
        current_app.logger.warning("closing the connection of a keyed request failed", exc_info=True)
