"""The review's findings about dates and files a reviewer will doubt: dates of the case file nobody would
believe, photos without capture time, capture times before the order, cuts in a video, a label of another
parcel. The same words for check and build."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from evidence_pack.case import Case, implausible_dates
from evidence_pack.review.finding import FileFacts, Finding
from evidence_pack.texts.wording import Phrase
from evidence_pack.timeline import check_capture


def no_metadata_message(rel: str) -> Phrase:
    """The warning about a photo without capture time or camera: the same words in check and build."""
    return Phrase(
        f"{rel}: no capture time or camera in the file, as happens when a photo is "
        "forwarded through a chat app; use the original from the phone",
        f"{rel}: 撮影日時もカメラの情報もありません（チャットアプリで転送した写真によくあります）。"
        "スマートフォンにある元の写真を使ってください",
    )


def implausible_date_messages(case: Case, today: dt.date) -> list[Phrase]:
    """Dates of the case file a reviewer would not believe (year 0001 or 9999, after today)."""
    out = []
    for name, d, early in implausible_dates(case, today):
        if early:
            out.append(
                Phrase(
                    f"{name}: {d.isoformat()} is not a plausible date (before 2000); check it",
                    f"{name}: {d.isoformat()} はありえない日付です（2000 年より前）。確認してください",
                )
            )
        else:
            out.append(
                Phrase(
                    f"{name}: {d.isoformat()} is in the future (today is {today.isoformat()}); check it",
                    f"{name}: {d.isoformat()} は未来の日付です（今日は {today.isoformat()}）。確認してください",
                )
            )
    return out


def photo_findings(case: Case, files: list[FileFacts], today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    for f in files:
        if f.kind == "photo" and not f.has_metadata:
            m = no_metadata_message(f.rel)
            out.append(Finding("warning", "no_capture_metadata", m.en, f.rel, m.ja))
            continue
        problem = check_capture(f.kind, f.captured_at, case, today)
        if problem is not None:
            out.append(Finding("warning", problem.code, problem.message(f.rel), f.rel, problem.message_ja(f.rel)))
    return out


def video_findings(case: Case, videos: list[FileFacts]) -> list[Finding]:
    """Cuts and gaps a reviewer will see, a recording older than the order, a label of another parcel."""
    from evidence_pack.read.tracking import same_number
    from evidence_pack.video.statements import cuts_sentence

    out: list[Finding] = []
    for f in videos:
        v = f.video or {}
        cuts = cuts_sentence(v)
        if cuts:
            out.append(
                Finding(
                    "warning",
                    "video_cut",
                    f"{f.rel}: {cuts[0].lower()}{cuts[1:-1]}; reviewers doubt edited videos: send the original, "
                    "uncut recording if you have it",
                    f.rel,
                    f"{f.rel}: 動画に途切れ（カット）が見つかりました。審査では編集された動画は疑われます。"
                    "カットのない元の録画があれば、それを使ってください",
                )
            )
        # a recording older than the order: timeline.check_capture, in _photo_findings (one date check)
        label = v.get("label")
        tracking = case.order.tracking
        if isinstance(label, Mapping) and tracking and not same_number(str(label.get("text") or ""), tracking):
            out.append(
                Finding(
                    "advice",
                    "video_label_other_number",
                    f"{f.rel}: the label's barcode in the first seconds reads {label.get('text')}, not "
                    f"order.tracking {tracking}; if the parcel carries both (a Cainiao LP number and a postal "
                    "one), add the one on the label to the order page screenshot or the statement",
                    f.rel,
                    f"{f.rel}: 最初の数秒に写っている伝票のバーコードは {label.get('text')} で、order.tracking の "
                    f"{tracking} と違います。両方の番号が付いている場合は、伝票の番号がわかる資料を加えてください",
                )
            )
    return out
