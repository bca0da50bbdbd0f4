"""`gongkai follow` (a reference consumer of the event feed over HTTP) and `gongkai relay nats` (the public-safe
feed published to NATS JetStream)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from adapters.bootstrap import build
from adapters.follower import Following, follow
from adapters.relay_nats import DEFAULT_PREFIX, relay_to_nats

DEFAULT_URL = "http://127.0.0.1:8000"


def _follow(args: argparse.Namespace) -> int:
    token = args.token or os.environ.get("GONGKAI_TOKEN", "")
    if not token:
        print("gongkai follow: give --token TOKEN or set GONGKAI_TOKEN (an integrator's or auditor's)", file=sys.stderr)
        return 2
    following = Following(
        url=args.url,
        token=token,
        after=args.after,
        checkpoint=Path(args.checkpoint) if args.checkpoint else None,
        stream_types=tuple(args.stream_type or ()),
        organ=args.organ,
        until=args.until,
    )
    try:
        return follow(following, sys.stdout.buffer)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): what was printed is checkpointed
        return 0


def _relay_nats(args: argparse.Namespace) -> int:
    gongkai = build(args.database_url)
    base = (args.public_url or os.environ.get("GONGKAI_PUBLIC_URL") or DEFAULT_URL).rstrip("/")

    async def run() -> int:
        try:
            return await relay_to_nats(gongkai.feed, args.server, args.stream, args.subject_prefix, base,
                                       args.after, args.until)  # fmt: skip
        finally:
            await gongkai.aclose()

    try:
        published = asyncio.run(run())
    except KeyboardInterrupt:
        return 130
    print(f"published {published} events to {args.stream}", file=sys.stderr)
    return 0


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `follow` and `relay nats`."""
    following = commands.add_parser(
        "follow", help="print the event feed (SSE over HTTP) as JSON lines, resuming from a checkpoint"
    )
    following.add_argument("--after", type=int, default=0, help="begin after this position when no checkpoint exists")
    following.add_argument("--checkpoint", metavar="FILE", help="where the last position printed is kept")
    following.add_argument("--url", default=os.environ.get("GONGKAI_URL", DEFAULT_URL), help="the server (GONGKAI_URL)")
    following.add_argument(
        "--token",
        help="an integrator's or an auditor's token (default GONGKAI_TOKEN); write --token=TOKEN: it may begin with -",
    )
    following.add_argument("--stream-type", action="append", metavar="TYPE", help="only these kinds of record")
    following.add_argument("--organ", help="only this organ's records")
    following.add_argument("--until", type=int, metavar="N", help="stop once every event up to position N is printed")
    following.set_defaults(run=_follow, database=None, acts_on_store=False)  # it reads the feed over HTTP
    relay = commands.add_parser("relay", help="publish the public-safe event feed to a broker")
    targets = relay.add_subparsers(dest="target", required=True)
    to_nats = targets.add_parser(
        "nats", parents=[common], help="to NATS JetStream, each event once, resuming after the stream's last message"
    )
    to_nats.add_argument("--server", default="nats://127.0.0.1:4222")
    to_nats.add_argument("--stream", default="GONGKAI", help="the JetStream stream (made if missing)")
    to_nats.add_argument("--subject-prefix", default=DEFAULT_PREFIX, help=f"default {DEFAULT_PREFIX}")
    to_nats.add_argument("--after", type=int, default=0, help="begin after this position when the stream is empty")
    to_nats.add_argument("--until", type=int, metavar="N", help="stop once every event up to position N is published")
    to_nats.add_argument("--public-url", help="the API's public URL for the envelopes' dataschema (GONGKAI_PUBLIC_URL)")
    to_nats.set_defaults(run=_relay_nats)
