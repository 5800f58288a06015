"""FastAPI dependencies: the app's state, and the write token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from tadmor.api.state import ApiState


def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.tadmor
    return state


def require_token(
    state: Annotated[ApiState, Depends(get_state)],
    authorization: Annotated[str | None, Header()] = None,
    x_api_token: Annotated[str | None, Header()] = None,
) -> None:
    """Writes need ``Authorization: Bearer <TADMOR_API_TOKEN>`` (or ``X-API-Token``).

    No token configured: the app is read-only (403). Token missing or wrong: 401.
    """
    if state.config.token is None:
        raise HTTPException(
            403, "this server is read-only: start it with TADMOR_API_TOKEN set to allow writes"
        )
    given = x_api_token
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not state.config.token_ok(given):
        raise HTTPException(
            401,
            "a valid API token is required: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
