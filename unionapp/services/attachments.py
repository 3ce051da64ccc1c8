"""证明材料: scans and photos kept with a family's archive, inside the database (so backups,
restore, encryption and sync carry them without a second mechanism). At most 20 MB each."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.models import Attachment, HardshipFamily
from unionapp.models.archive import MAX_ATTACHMENT_BYTES
from unionapp.services.errors import RefusedError
from unionapp.system.files import is_regular_file, safe_file_name, writing


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    name: str
    media_type: str
    size: int
    added_at: datetime
    added_by: str
    note: str


def add_file(session: Session, family_id: int, path: Path, note: str = "") -> Attachment:
    """Read ``path`` into the family's archive; refused (with the reason) when it is too large,
    not a plain file, or cannot be read."""
    if session.get(HardshipFamily, family_id) is None:
        raise RefusedError("该困难职工家庭不存在，可能已被删除")
    path = Path(path)
    if not is_regular_file(path):
        raise RefusedError(f"“{path.name}”不是普通文件，无法作为证明材料")
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise RefusedError(
            f"“{path.name}”有 {size / 2**20:.1f} MB，超过每份 20 MB 的上限；请压缩或分页扫描后再添加"
        )
    if size == 0:
        raise RefusedError(f"“{path.name}”是空文件")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError as error:
        raise RefusedError(f"无法读取“{path.name}”：{error.strerror or error}") from error
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise RefusedError(f"“{path.name}”超过每份 20 MB 的上限")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    attachment = Attachment(
        family_id=family_id,
        name=safe_file_name(path.name),
        media_type=media_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        added_at=datetime.now().replace(microsecond=0),
        added_by=session.info.get("operator", ""),
        note=note.strip()[:200],
    )
    session.add(attachment)
    session.flush()
    return attachment


def listed(session: Session, family_id: int) -> list[AttachmentInfo]:
    rows = session.execute(
        select(
            Attachment.id,
            Attachment.name,
            Attachment.media_type,
            Attachment.size,
            Attachment.added_at,
            Attachment.added_by,
            Attachment.note,
        )
        .where(Attachment.family_id == family_id)
        .order_by(Attachment.id)
    )
    return [AttachmentInfo(*row) for row in rows]


def save_copy(session: Session, attachment_id: int, folder: Path) -> Path:
    """Write the file out under its own name (to open it, or to hand it on); checked against
    its stored hash."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise RefusedError("该证明材料不存在，可能已被删除")
    folder.mkdir(parents=True, exist_ok=True)
    return save_as(session, attachment_id, folder / safe_file_name(attachment.name))


def save_as(session: Session, attachment_id: int, target: Path) -> Path:
    """Write the file to ``target`` (a name the clerk chose), checked against its stored hash;
    a file already there is replaced only once the copy is whole."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise RefusedError("该证明材料不存在，可能已被删除")
    data = attachment.data
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise RefusedError(f"证明材料“{attachment.name}”已损坏（校验值不符），请从备份恢复")
    target = Path(target)
    with writing(target) as temp:
        temp.write_bytes(data)
    return target


def remove(session: Session, attachment_id: int) -> None:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise RefusedError("该证明材料不存在，可能已被删除")
    session.delete(attachment)
    session.flush()
