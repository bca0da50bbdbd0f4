"""Benchmark: what sealing personal data per person costs the write path, side by side with a store that does not.

Run by hand (it is not a test):

    .venv/bin/python -m bench.personal_data [--seconds S]

It makes two throwaway PostgreSQL databases (gongkai_bench_pd_<random>) on 127.0.0.1 and two SQLite files in a
temporary directory, one of each sealing personal data (as gongkai runs) and one writing it in the plain (as
releases before per-person encryption did), and drops them at the end, even on error.

Commands per second through the use cases (`DisclosureRequests.receive` and `execute`), in rounds interleaved so that
noise hits both stores alike, with 1 and 8 threads:
- receipts: each application from a new applicant with an identity number: a new person, whose key is made, wrapped
  and written, and whose data is sealed in the event;
- steps: contacts recorded on cases of 60 events each, so that every case is snapshotted once (the snapshot seals the
  applicant again); no other step carries personal data.
The ratio sealed/plain is the figure the issue's target is about (the chain and encryption together cost less than
15% of commands per second).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from adapters.bootstrap import Gongkai
from domain.calendar import SHANGHAI
from domain.disclosure_request import commands as cmd
from domain.disclosure_request.values import ApplicantType, Channel, ContactKind
from domain.personal_data import PersonalData
from tests.databases import throwaway_database
from tests.personal_data_support import CLERK, opened

ADMIN_URL = os.environ.get("GONGKAI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
STEPS_PER_CASE = 59
"""Contacts on a case after its receipt: 60 events, one snapshot (at 50)."""
ROUNDS = 10

Work = Callable[[int, float], int]
"""One thread's work until a deadline: how many commands it completed."""


def _receipt(organ: str) -> cmd.ReceiveRequest:
    tag = uuid.uuid4().hex
    return cmd.ReceiveRequest(
        request_id=uuid.uuid4(),
        organ=organ,
        department="社会保险科",
        channel=Channel.IN_PERSON,
        arrived_at=datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI),
        confirmed_on=None,
        applicant=PersonalData(name=f"陈静{tag[:6]}", id_number=f"3101{tag[:14]}", phone=f"138{tag[:8]}"),
        applicant_type=ApplicantType.NATURAL_PERSON,
        information_requested="2024年度本区社会保险补贴发放情况",
    )


CONTACT = cmd.RecordContact(
    kind=ContactKind.CALL, occurred_at=datetime(2025, 3, 3, 9, 45, tzinfo=SHANGHAI), summary="电话沟通"
)


def receipts(gongkai: Gongkai) -> Work:
    """Receipts from new applicants, one organ per thread (its register is written by each receipt)."""
    organs = [f"某区人民政府{uuid.uuid4().hex[:6]}" for _ in range(64)]

    def work(thread: int, deadline: float) -> int:
        done = 0
        while time.perf_counter() < deadline:
            gongkai.requests.receive(_receipt(organs[thread]), CLERK)
            done += 1
        return done

    return work


def steps(gongkai: Gongkai, per_case: int = STEPS_PER_CASE, count_receipts: bool = False) -> Work:
    """Contacts on each thread's own cases, a new case after `per_case` of them (its receipt counted as a command
    when `count_receipts`: a mix of one receipt to `per_case` steps)."""
    organs = [f"某区人民政府{uuid.uuid4().hex[:6]}" for _ in range(64)]
    cases: dict[int, tuple[uuid.UUID, int]] = {}

    def work(thread: int, deadline: float) -> int:
        done = 0
        while time.perf_counter() < deadline:
            case, taken = cases.get(thread, (None, per_case))
            if case is None or taken >= per_case:
                case, taken = gongkai.requests.receive(_receipt(organs[thread]), CLERK).request_id, 0
                done += count_receipts
            gongkai.requests.execute(case, CONTACT, CLERK)
            cases[thread] = (case, taken + 1)
            done += 1
        return done

    return work


def run(work: Work, threads: int, seconds: float) -> int:
    """Commands `threads` threads complete in `seconds`."""
    deadline = time.perf_counter() + seconds
    counts = [0] * threads

    def go(n: int) -> None:
        counts[n] = work(n, deadline)

    workers = [threading.Thread(target=go, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts)


def interleaved(works: dict[str, Work], threads: int, seconds: float) -> dict[str, float]:
    """Commands per second of each work with `threads` threads, in ROUNDS rounds taking turns to go first, `seconds`
    in all (after a short warm-up of each: connections, caches)."""
    for work in works.values():
        run(work, threads, 0.3)
    totals = dict.fromkeys(works, 0)
    for n in range(ROUNDS):
        for which in list(works) if n % 2 == 0 else list(reversed(works)):
            totals[which] += run(works[which], threads, seconds / ROUNDS / len(works))
    return {which: total / (seconds / len(works)) for which, total in totals.items()}


def compare(kind: str, sealed: Gongkai, plain: Gongkai, seconds: float) -> None:
    """Sealed against plain, each command and thread count, interleaved rounds."""
    for name, make in (("receipts", receipts), ("steps", steps)):
        works = {"sealed": make(sealed), "plain": make(plain)}
        for threads in (1, 8):
            rates = interleaved(works, threads, seconds)
            print(
                f"{kind:>10} {name:>8}, {threads} thread(s): sealed {rates['sealed']:,.0f}/s, "
                f"plain {rates['plain']:,.0f}/s, ratio {rates['sealed'] / rates['plain']:.3f}",
                flush=True,
            )


def main() -> None:
    """Both stores, both commands, 1 and 8 threads."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0, help="per command and thread count, both series")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="gongkai_bench_pd_"))
    try:
        with (
            throwaway_database(ADMIN_URL, "gongkai_bench_pd_") as sealed_url,
            throwaway_database(ADMIN_URL, "gongkai_bench_pd_") as plain_url,
        ):
            stores = {"postgresql": (sealed_url, plain_url)}
            stores["sqlite"] = (f"sqlite:///{directory}/sealed.db", f"sqlite:///{directory}/plain.db")
            for kind, (with_seal, without) in stores.items():
                sealed, plain = opened(with_seal), opened(without, seal=False)
                try:
                    compare(kind, sealed, plain, args.seconds)
                finally:
                    sealed.close()
                    plain.close()
    finally:
        shutil.rmtree(directory)
        print(f"deleted {directory}")


if __name__ == "__main__":
    main()
