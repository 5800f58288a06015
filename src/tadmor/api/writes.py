"""The write API, behind the token: documents to analyse, and analysts' corrections."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from tadmor.api.corrections import apply_correction
from tadmor.api.deps import get_state, require_token
from tadmor.api.schemas import CorrectionIn, CorrectionOut, DocumentAccepted, DocumentIn
from tadmor.api.state import ApiState, Job
from tadmor.errors import TadmorError
from tadmor.model import Document, Rejected

router = APIRouter(prefix="/api", tags=["write"], dependencies=[Depends(require_token)])
State = Annotated[ApiState, Depends(get_state)]

_TEXT_SUFFIXES = {".txt": False, ".md": False, ".html": True, ".htm": True}


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ())) or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


async def _read_limited(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to be larger than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # let request.form() parse what was read
    return body


async def _document_in(request: Request, state: ApiState) -> tuple[DocumentIn, str]:
    """The uploaded report as a DocumentIn, and the origin it will be recorded under."""
    body = await _read_limited(request, state.config.max_upload_bytes)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            return DocumentIn.model_validate_json(body), "api:json"
        except ValidationError as exc:
            raise HTTPException(422, f"bad document: {_validation_message(exc)}") from exc
    if ctype == "multipart/form-data":
        return await _from_form(request)
    raise HTTPException(
        415, "send the document as application/json or as a multipart/form-data file upload"
    )


async def _from_form(request: Request) -> tuple[DocumentIn, str]:
    from tadmor.ingest.readers import decode_bytes

    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "bad upload: a form field 'file' with the report is required")
    name = PurePath(upload.filename or "upload.txt").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in _TEXT_SUFFIXES:
        raise HTTPException(
            422, f"bad upload: {name!r} is not a .txt, .md, .html or .htm file"
        )
    decoded = decode_bytes(await upload.read())
    if decoded is None:
        raise HTTPException(422, f"bad upload: {name!r} is binary or in an unknown encoding")
    fields: dict[str, Any] = {"text": decoded.text, "html": _TEXT_SUFFIXES[suffix]}
    for key in ("title", "url", "source", "published"):
        value = form.get(key)
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
    try:
        return DocumentIn.model_validate(fields), f"api:{name}"
    except ValidationError as exc:
        raise HTTPException(422, f"bad upload: {_validation_message(exc)}") from exc


def _analyse(state: ApiState, doc: Document) -> None:
    """Analyse one document, store it with its mentions, and merge again (background)."""
    from tadmor.pipeline import resolve_store

    job = state.jobs[doc.doc_id]
    job.status = "processing"
    try:
        with state.writing():
            analyzer = state.analyzer()
            mentions = [m for _, ms in analyzer.analyse([doc]) for m in ms]
            state.store.put_batch([doc], mentions, [])  # the document with its mentions, or neither
            resolve_store(state.store, settings=state.settings)
        job.status, job.detail = "done", f"{len(mentions)} event mention(s)"
    except TadmorError as exc:
        job.status, job.detail = "failed", str(exc)
    except Exception as exc:  # one upload's failure must not take the server down
        job.status, job.detail = "failed", f"analysis failed ({type(exc).__name__}: {exc})"
    finally:
        state.wrote()


@router.post(
    "/documents",
    response_model=DocumentAccepted,
    status_code=202,
    responses={
        200: {"description": "already stored"},
        413: {"description": "over the size limit"},
        415: {"description": "not JSON nor a file upload"},
        422: {"description": "bad body, or a document Tadmor cannot use"},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": DocumentIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "title": {"type": "string"},
                            "url": {"type": "string"},
                            "source": {"type": "string"},
                            "published": {"type": "string", "format": "date"},
                        },
                        "required": ["file"],
                    }
                },
            },
            "required": True,
        }
    },
)
async def post_document(
    request: Request, response: Response, tasks: BackgroundTasks, state: State
) -> DocumentAccepted:
    """Add a report (JSON or a file upload); it is analysed in the background. Sending the
    same text again changes nothing (the id is the text's hash)."""
    from tadmor.ingest.readers import document_from_record

    data, origin = await _document_in(request, state)
    made = document_from_record(
        text=data.text, origin=origin, title=data.title, url=data.url, source=data.source,
        published=data.published if isinstance(data.published, date) else None,
        html=data.html, settings=state.settings,
    )  # fmt: skip
    if isinstance(made, Rejected):
        raise HTTPException(422, f"document not usable: [{made.code}] {made.reason}")
    job = state.jobs.get(made.doc_id)
    if job is not None and job.status in ("queued", "processing"):
        return DocumentAccepted(doc_id=made.doc_id, status=job.status)  # type: ignore[arg-type]
    if state.store.has_document(made.doc_id):
        response.status_code = 200
        return DocumentAccepted(doc_id=made.doc_id, status="exists")
    state.jobs[made.doc_id] = Job(doc_id=made.doc_id, status="queued")
    tasks.add_task(_analyse, state, made)
    return DocumentAccepted(doc_id=made.doc_id, status="queued")


@router.post(
    "/events/{event_id}/corrections",
    response_model=CorrectionOut,
    status_code=201,
    responses={404: {"description": "no such event"}, 422: {"description": "bad correction"}},
)
def correct_event(event_id: str, body: CorrectionIn, state: State) -> CorrectionOut:
    """Correct an event: change a field, mark it not an event, merge another event into it,
    or split mentions off it. Stored with who, when, before, after and the note; applied on
    top of the machine coding, so it survives re-runs."""
    if state.index().get(event_id) is None:
        raise HTTPException(404, f"no event {event_id!r}")
    try:
        with state.writing():
            out = apply_correction(state, event_id, body)
    except TadmorError as exc:
        raise HTTPException(404 if exc.code == "E312" else 422, str(exc)) from exc
    finally:
        state.wrote()
    return out

