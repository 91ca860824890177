"""The rush of the 25th: every body's officers saving their reports at once, over HTTP.

    python -m bench.rush [--officers 200] [--seconds 60] [--rate 110]
        [--server gunicorn|waitress|granian] [--workers N] [--threads N]
        [--database-url postgres://postgres@127.0.0.1:5432/rushbench] [--write docs/benchmarks.md]

(``make bench-rush`` runs it on SQLite and on PostgreSQL.) Not a test: it takes minutes
and the whole machine.

1. Prepare: the province data set (``theodoi benchdata --seed 1``, ``bench/dataset.py``)
   in a throw-away database; the generated plan's period that is open today gets every
   body's report opened (as on the 25th, when they all exist). Officers are the bodies'
   focal officers (``daumoi1.<body>`` for every body, then ``daumoi2.<body>``), password
   ``theodoi-demo``; two officers of one body share its items (even/odd), as two people
   who split the work do, so that no save is refused as a concurrent edit by design.
2. ``theodoi serve`` (or granian) on a free loopback port, on that database.
3. Ramp-up (not timed into the figures): each officer logs in with a session of its own
   (CSRF) and opens its report page.
4. The rush (``--seconds``): each officer saves an item or a KPI value of its report (the
   page's htmx form: its field names and ``seen_version``; the next version is read from
   the save's answer), at most one request at a time (like htmx's ``hx-sync``), paced so
   that all of them together offer ``--rate`` saves a second (0: as fast as answered),
   and reopens its page every ``--reopen-every`` saves.
5. Then the first officer of each body sends the report.
6. Check from the database: the value each row got from its last acknowledged save is
   the one stored; its version grew by exactly its acknowledged saves, its history rows
   likewise (nothing lost, nothing applied twice); no duplicated report, item or KPI row;
   every acknowledged sending is sent; no 5xx; no "database is locked" and no traceback
   in the server's log.

Figures are noisy on a shared machine: the client runs on the same cores as the server.
"""

import argparse
import asyncio
import html.parser
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "theodoi-demo"
GOAL_RATE, GOAL_P99 = 100.0, 0.500
SECTION = "## Giờ cao điểm / The rush"


# --- Prepare (Django, in this process) ---------------------------------------------------


@dataclass
class Row:
    kind: str  # "item" or "kpi"
    pk: int
    version: int
    url: str


@dataclass
class Officer:
    username: str
    body_id: int
    period_id: int
    rows: list[Row]
    first: bool  # sends the report at the end
    session: str = ""  # signed in beforehand (not with --login)


def prepare(officers: int) -> tuple[list[Officer], int]:
    """Open every body's report of today's period of the generated plan; the officers."""
    from django.db.models import Count, Q
    from django.utils import timezone as dj_timezone

    from theodoi.accounts.models import Role, User
    from theodoi.reporting.models import ItemState, KpiValue, Period, ReportItem
    from theodoi.reporting.services.reports import reports_open_for_period

    now = dj_timezone.now()
    period = (
        Period.objects.filter(cutoff__gt=now, locked_at__isnull=True)
        .annotate(tasks=Count("plan__tasks", distinct=True))
        .order_by("-tasks", "cutoff")
        .first()
    )
    if period is None:
        raise SystemExit("rush: no open period after today in the data set")
    reports_open_for_period(period=period)
    # As the officers left them before the rush: consistent (the items copied from the
    # last report may be "done" without a date), so that each report can be sent.
    inconsistent = (
        Q(state=ItemState.DONE)
        | Q(percent=100)
        | Q(state=ItemState.NOT_STARTED, percent__gt=0)
        | Q(done_on__isnull=False)
    )
    ReportItem.objects.filter(inconsistent, report__period=period).update(
        state=ItemState.IN_PROGRESS, percent=50, done_on=None
    )
    rows_of: dict[int, list[Row]] = defaultdict(list)
    for pk, body_id, version in ReportItem.objects.filter(report__period=period).values_list(
        "pk", "report__body_id", "version"
    ):
        rows_of[body_id].append(Row("item", pk, version, f"/bao-cao/don-vi/{body_id}/muc/{pk}/"))
    for pk, body_id, version in KpiValue.objects.filter(report__period=period).values_list(
        "pk", "report__body_id", "version"
    ):
        url = f"/bao-cao/don-vi/{body_id}/chi-tieu/{pk}/"
        rows_of[body_id].append(Row("kpi", pk, version, url))
    bodies = sorted(body for body, rows in rows_of.items() if rows)
    focal = dict(
        User.objects.filter(role=Role.FOCAL, body_id__in=bodies, is_active=True).values_list(
            "username", "body_id"
        )
    )
    chosen: list[Officer] = []
    for n in (1, 2):
        for body in bodies:
            name = f"daumoi{n}.{body}"
            if name in focal and len(chosen) < officers:
                chosen.append(Officer(name, body, period.pk, [], first=n == 1))
    for body in bodies:  # two officers of a body split its rows
        mine = [o for o in chosen if o.body_id == body]
        for i, row in enumerate(sorted(rows_of[body], key=lambda r: (r.kind, r.pk))):
            if mine:
                mine[i % len(mine)].rows.append(row)
    return [o for o in chosen if o.rows], period.pk


def sign_in(officers: list[Officer]) -> None:
    """A session for each officer, as ``django.contrib.auth.login`` leaves it: on the
    25th they are signed in already (logging 200 in at once is another test: the
    password hash is slow on purpose)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from theodoi.accounts.models import User

    users = User.objects.in_bulk([o.username for o in officers], field_name="username")
    backend = "theodoi.accounts.backends.UsernameOrEmailBackend"
    for officer in officers:
        user = users[officer.username]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        officer.session = session.session_key


# --- The client ----------------------------------------------------------------------------


class Forms(html.parser.HTMLParser):
    """The page's forms that post to a save URL: their fields (names and values)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, dict[str, str]] = {}
        self._form: dict[str, str] | None = None
        self._field: str | None = None  # a textarea or select being read
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            url = a.get("hx-post") or a.get("action") or ""
            if url:
                self._form = self.forms.setdefault(_path(url), {})
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form[name] = a.get("value") or ""
        elif tag in ("textarea", "select") and name:
            self._field, self._text = name, []
            self._form[name] = ""
        elif tag == "option" and self._field and "selected" in a:
            self._form[self._field] = a.get("value") or ""

    def handle_data(self, data):
        if self._field and self._form is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._field and self._form is not None:
            self._form[self._field] = "".join(self._text)
            self._field = None
        elif tag == "select":
            self._field = None


def _path(url: str) -> str:
    """``/a/b/`` of ``http://host/a/b/`` (or of ``/a/b/``)."""
    if "://" in url:
        url = url.split("://", 1)[1]
        url = url[url.find("/") :]
    return url


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN = re.compile(r'name="seen_version" value="([^"]*)"')


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    acked: int = 0
    refused: Counter = field(default_factory=Counter)  # refused saves by their reason
    errors: Counter = field(default_factory=Counter)  # client-side failures
    sent: int = 0
    server_cpu: float = 0.0  # CPU seconds of the server's processes during the rush
    client_cpu: float = 0.0
    sample: str = ""  # a page that had no sending form
    # (kind, pk) -> the token of each acknowledged save, in order; every token posted
    acked_tokens: dict = field(default_factory=lambda: defaultdict(list))
    posted_tokens: set = field(default_factory=set)


class Browser:
    """One officer's browser: its own cookies, one connection kept alive."""

    def __init__(self, base: str, officer: Officer, stats: Stats, timeout: float):
        import aiohttp

        self.officer, self.stats, self.base = officer, stats, base
        self.session = aiohttp.ClientSession(
            base_url=base,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            # Idle connections closed before the server's keep-alive (5 s) would: a POST
            # sent on a connection the server is closing fails (a browser retries it).
            connector=aiohttp.TCPConnector(limit=1, keepalive_timeout=3),
            timeout=aiohttp.ClientTimeout(total=timeout),
        )
        self.csrf = ""
        self.fields: dict[str, dict[str, str]] = {}
        self.seen = {row.url: str(row.version) for row in officer.rows}
        self.timed = False

    async def request(self, kind: str, method: str, url: str, **kw):
        start = time.perf_counter()
        try:
            async with self.session.request(method, url, allow_redirects=False, **kw) as r:
                body = await r.text()
                status, headers = r.status, r.headers
        except Exception as e:  # a failure is counted, never raised
            self.stats.errors[f"{kind}: {type(e).__name__}"] += 1
            return None, "", {}
        kind = kind if self.timed else f"ramp {kind}"
        self.stats.times[kind].append(time.perf_counter() - start)
        self.stats.statuses[(kind, status)] += 1
        return status, body, headers

    def _csrf_from_cookie(self) -> str:
        for cookie in self.session.cookie_jar:
            if cookie.key == "csrftoken":
                return cookie.value
        return self.csrf

    def signed_in(self) -> None:
        """The session made beforehand, and a CSRF cookie of the browser's own."""
        from http.cookies import SimpleCookie

        self.csrf = "".join(random.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32))
        cookies = SimpleCookie()
        cookies["sessionid"], cookies["csrftoken"] = self.officer.session, self.csrf
        self.session.cookie_jar.update_cookies(cookies)

    async def login(self) -> bool:
        status, body, _h = await self.request("login", "GET", "/dang-nhap/")
        match = CSRF.search(body or "")
        if status != 200 or not match:
            return False
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "username": self.officer.username,
            "password": PASSWORD,
        }
        status, _b, _h = await self.request("login", "POST", "/dang-nhap/", data=data)
        self.csrf = self._csrf_from_cookie()
        return status == 302

    async def open_page(self) -> None:
        url = f"/bao-cao/don-vi/{self.officer.body_id}/ky/{self.officer.period_id}/"
        status, body, _h = await self.request("page", "GET", url)
        if status != 200:
            return
        parser = Forms()
        parser.feed(body)
        for path, values in parser.forms.items():
            if path in self.seen:  # an item's or a KPI's form
                self.fields[path] = values
                if values.get("seen_version"):
                    self.seen[path] = values["seen_version"]
        self.csrf = self._csrf_from_cookie()

    async def save(self, row: Row, seq: int) -> None:
        token = f"rush {self.officer.username} {seq}"
        data = {k: v for k, v in self.fields.get(row.url, {}).items() if k != "seen_version"}
        if row.kind == "item":
            data |= {"state": "in_progress", "percent": str(5 + seq % 90), "results": token}
        else:
            if "numerator" in data or not data:
                data |= {"numerator": str(seq % 90 + 1), "denominator": "100"}
            if "value" in data or not data:
                data["value"] = f"{seq % 90 + 1},5"
            data["note"] = token
        data["seen_version"] = self.seen[row.url]
        headers = {
            "HX-Request": "true",
            "X-CSRFToken": self.csrf,
            "Referer": self.base + "/",
        }
        self.stats.posted_tokens.add(token)
        status, body, h = await self.request("save", "POST", row.url, data=data, headers=headers)
        if status is None:
            return
        if status == 200 and "HX-Retarget" not in h and 'saved"' in body:
            match = SEEN.search(body)
            if match:
                self.seen[row.url] = match.group(1)
            if self.timed:
                self.stats.acked += 1
            self.stats.acked_tokens[(row.kind, row.pk)].append(token)
        elif status == 200:  # refused: the card again with the reason
            reason = re.search(r'role="alert"[^>]*>([^<]{0,80})', body)
            self.stats.refused[reason.group(1).strip() if reason else "?"] += 1
            if self.timed:
                self.stats.statuses[("save refused", 200)] += 1
            match = SEEN.search(body)
            if match:
                self.seen[row.url] = match.group(1)
        else:
            self.stats.refused[f"HTTP {status}"] += 1

    async def send(self) -> bool:
        """The check before sending (its panel), then its form's button."""
        o = self.officer
        report = f"/bao-cao/don-vi/{o.body_id}/ky/{o.period_id}/"
        status, body, _h = await self.request("send", "GET", report + "truoc-khi-gui/")
        parser = Forms()
        parser.feed(body or "")
        url = report + "gui/"
        if url not in parser.forms:
            self.stats.refused[f"no sending form (HTTP {status})"] += 1
            self.stats.sample = body or ""
            return False
        data = parser.forms[url] | {"csrfmiddlewaretoken": self.csrf}
        headers = {"Referer": self.base + "/"}
        status, _b, _h = await self.request("send", "POST", url, data=data, headers=headers)
        return status == 302

    async def close(self):
        await self.session.close()


async def rush(base, officers, *, seconds, rate, reopen_every, timeout, stats, server_pid):
    browsers = [Browser(base, o, stats, timeout) for o in officers]
    ramp = time.perf_counter()
    gate = asyncio.Semaphore(16)  # logging in is slow on purpose (password hashing)

    async def arrive(b: Browser):
        async with gate:
            if b.officer.session:
                b.signed_in()
            elif not await b.login():
                stats.errors["login refused"] += 1
                return
            await b.open_page()

    await asyncio.gather(*(arrive(b) for b in browsers))
    ramp = time.perf_counter() - ramp
    interval = len(browsers) / rate if rate else 0.0
    start = time.perf_counter()
    end = start + seconds
    cpu = cpu_seconds(server_pid), time.process_time()

    async def work(b: Browser, n: int):
        b.timed = True
        rng = random.Random(n)
        due = start + rng.random() * interval
        seq = 0
        while True:
            if interval:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if time.perf_counter() >= end:
                return
            seq += 1
            row = b.officer.rows[seq % len(b.officer.rows)]
            await b.save(row, seq)
            # Every ``reopen_every`` saves, each officer at its own turn: started together
            # and paced alike, they would otherwise all reload at the same second.
            if reopen_every and (seq + n) % reopen_every == 0 and time.perf_counter() < end:
                await b.open_page()
            due = max(due + interval, time.perf_counter())

    await asyncio.gather(*(work(b, n) for n, b in enumerate(browsers)))
    elapsed = time.perf_counter() - start
    stats.server_cpu = cpu_seconds(server_pid) - cpu[0]
    stats.client_cpu = time.process_time() - cpu[1]
    sends = await asyncio.gather(*(b.send() for b in browsers if b.officer.first))
    stats.sent = sum(sends)
    for b in browsers:
        await b.close()
    return ramp, elapsed


# --- The server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(args, env: dict, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    exe = Path(sys.executable).with_name("theodoi")
    if args.server == "granian":
        command = [
            str(Path(sys.executable).with_name("granian")), "--interface", "wsgi",
            "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(args.workers or 2), "--blocking-threads", str(args.threads or 8),
            "--backlog", "2048", "theodoi.config.wsgi:application",
        ]  # fmt: skip
    else:
        command = [str(exe), "serve", "--port", str(port), "--server", args.server]
        if args.workers:
            command += ["--workers", str(args.workers)]
        if args.threads:
            command += ["--threads", str(args.threads)]
    server = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5)
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            if server.poll() is not None:
                raise SystemExit("rush: the server did not start; see its log") from None
            time.sleep(0.1)
    raise SystemExit("rush: the server did not answer in 30 s")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants, now."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- Checks --------------------------------------------------------------------------------


def verify(officers: list[Officer], period_id: int, stats: Stats, log_text: str) -> list[str]:
    """What went wrong, checked in the database (empty: nothing)."""
    from django.db import connections
    from django.db.models import Count

    from theodoi.reporting.models import KpiValue, Report, ReportItem, ReportState

    connections.close_all()
    problems = []
    models = {"item": (ReportItem, "results"), "kpi": (KpiValue, "note")}
    start_version = {(r.kind, r.pk): r.version for o in officers for r in o.rows}
    for kind, (model, text) in models.items():
        pks = [pk for (k, pk) in start_version if k == kind]
        rows = {pk: (value, version) for pk, value, version in model.objects.filter(
            pk__in=pks).values_list("pk", text, "version")}  # fmt: skip
        history = dict(
            model.history.filter(id__in=pks, history_type="~")
            .filter(**{f"{text}__startswith": "rush "})
            .values_list("id")
            .annotate(n=Count("history_id"))
        )
        lost = twice = unacked = 0
        for pk in pks:
            value, version = rows[pk]
            acked = stats.acked_tokens.get((kind, pk), [])
            grew = version - start_version[(kind, pk)]
            if acked and value != acked[-1]:
                if value in stats.posted_tokens and value not in acked:
                    unacked += 1  # committed, its answer lost (a client time-out)
                else:
                    lost += 1
            if grew < len(acked) or history.get(pk, 0) < len(acked):
                lost += 1
            elif grew > len(acked) + (value not in acked and value.startswith("rush ")):
                twice += 1
        if lost:
            problems.append(f"{lost} {kind} rows lost an acknowledged save")
        if twice:
            problems.append(f"{twice} {kind} rows saved more often than acknowledged")
        if unacked:
            problems.append(f"{unacked} {kind} rows hold a save whose answer never came")
    reports = Report.objects.filter(period_id=period_id)
    for model, key in ((Report, ("period", "body")), (ReportItem, ("report", "assignment")),
                       (KpiValue, ("report", "indicator"))):  # fmt: skip
        qs = model.objects.filter(
            **{"period_id" if model is Report else "report__period_id": period_id}
        )
        dup = qs.values(*key).annotate(n=Count("pk")).filter(n__gt=1).count()
        if dup:
            problems.append(f"{dup} duplicated {model.__name__} rows")
    first_bodies = {o.body_id for o in officers if o.first}
    sent = reports.filter(
        body_id__in=first_bodies, state__in=[ReportState.SUBMITTED, ReportState.APPROVED]
    ).count()
    if sent != stats.sent:
        problems.append(f"{stats.sent} sendings acknowledged, {sent} reports sent")
    if sent != len(first_bodies):
        problems.append(f"{len(first_bodies) - sent} reports not sent")
    fives = sum(n for (kind, status), n in stats.statuses.items() if status >= 500)
    if fives:
        problems.append(f"{fives} answers 5xx")
    for needle in ("database is locked", "Traceback", "WORKER TIMEOUT"):
        if needle in log_text:
            problems.append(f"server log: {log_text.count(needle)} × {needle!r}")
    if stats.errors:
        problems.append(f"client errors: {dict(stats.errors)}")
    return problems


# --- Report --------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        ram = "?"
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    commit = head + (" + working tree with uncommitted changes" if dirty else "")
    return f"{os.cpu_count()} cores ({cpu}), {ram}, Python {platform.python_version()}, {commit}"


def table_row(label, stats: Stats, elapsed: float, problems: list[str], log_text: str) -> str:
    saves, pages, sends = stats.times["save"], stats.times["page"], stats.times["send"]
    rate = stats.acked / elapsed if elapsed else 0.0
    requests = max(1, len(saves) + len(pages))
    rows = [p for p in problems if " rows " in p]
    fives = {
        kind: sum(n for (k, status), n in stats.statuses.items() if k == kind and status >= 500)
        for kind in ("save", "page", "send")
    }
    lost = "; ".join(rows) or "none"
    if fives["save"] or fives["page"]:
        lost += f"; 5xx: {fives['save']} saves, {fives['page']} pages"
    timeouts = sum(n for k, n in stats.errors.items() if k.startswith("send"))
    sending = (
        f"{pct(sends, 0.5):.1f} / {max(sends, default=0):.0f} s, {stats.sent} sent, "
        f"{fives['send']} × 5xx, {timeouts} timed out, "
        f"{log_text.count('database is locked')} × locked"
    )
    ok = rate >= GOAL_RATE and pct(saves, 0.99) < GOAL_P99 and not problems
    return (
        f"| {label} | {rate:.0f} | {pct(saves, 0.5) * 1000:.0f} / {pct(saves, 0.95) * 1000:.0f}"
        f" / {pct(saves, 0.99) * 1000:.0f} | {pct(pages, 0.5) * 1000:.0f} / "
        f"{pct(pages, 0.99) * 1000:.0f} | {stats.server_cpu / requests * 1000:.1f} "
        f"({stats.server_cpu / elapsed:.2f}) | {lost} | {sending} | {'met' if ok else 'not met'} |"
    )


HEADER = (
    "| configuration | saves/s | save p50 / p95 / p99 (ms) | page p50 / p99 (ms) "
    "| server CPU ms per request (cores) | saves lost, applied twice, 5xx "
    '| sending, all at once after: p50 / max, sent, 5xx, timed out (60 s), "database is '
    'locked" | goal |\n|---|---|---|---|---|---|---|---|'
)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--officers", type=int, default=200)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--rate", type=float, default=110, help="saves/s offered by all; 0: no pause")
    p.add_argument("--reopen-every", type=int, default=30)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--server", choices=["gunicorn", "waitress", "granian"], default="gunicorn")
    p.add_argument("--workers", type=int)
    p.add_argument("--threads", type=int)
    p.add_argument("--database-url", help="an empty PostgreSQL database (created if missing)")
    p.add_argument("--login", action="store_true", help="log each officer in (slow on purpose)")
    p.add_argument("--label", help="the table's first column")
    p.add_argument("--write", help="add the row to this Markdown file's rush section")
    p.add_argument("--keep-log", help="copy the server's log here")
    args = p.parse_args()

    created = _create_database(args.database_url) if args.database_url else False
    server_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    os.environ["THEODOI_DB_POOL_SIZE"] = "0"  # this process: plain connections
    from bench.dataset import database_label, province

    label = args.label or (f"{args.server} {args.workers or 'default'}×{args.threads or 'default'}")
    try:
        with province(args.database_url, seed=1) as (dataset, _where):
            db = database_label()
            officers, period_id = prepare(args.officers)
            if not args.login:
                sign_in(officers)
            from django.db import connections

            connections.close_all()
            server_env |= {
                "THEODOI_VAR": os.environ["THEODOI_VAR"],
                "DJANGO_SETTINGS_MODULE": "theodoi.config.settings",
                "SECRET_KEY": "bench-only, a throw-away database",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
            }
            if args.database_url:
                server_env["DATABASE_URL"] = args.database_url
            log_path = Path(os.environ["THEODOI_VAR"]) / "server.log"
            stats = Stats()
            with open(log_path, "w") as log:
                server, base = start_server(args, server_env, log)
                try:
                    ramp, elapsed = asyncio.run(
                        rush(
                            base, officers, seconds=args.seconds, rate=args.rate,
                            reopen_every=args.reopen_every, timeout=args.timeout, stats=stats,
                            server_pid=server.pid,
                        )
                    )  # fmt: skip
                finally:
                    stop_server(server)
            log_text = log_path.read_text(errors="replace")
            if args.keep_log:
                shutil.copy(log_path, args.keep_log)
                if stats.sample:
                    Path(args.keep_log + ".sample.html").write_text(stats.sample)
            problems = verify(officers, period_id, stats, log_text)
    finally:
        if created:
            _drop_database(args.database_url)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    row = table_row(
        f"{label}, {db}, {len(officers)} officers, {args.seconds:.0f} s, "
        f"{when[11:16]}, load {os.getloadavg()[0]:.1f}",
        stats,
        elapsed,
        problems,
        log_text,
    )
    print(f"{when}; {machine()}")
    print(f"data set: {dataset}")
    print(
        f"ramp-up {ramp:.1f} s (log in + first page: page p50 "
        f"{pct(stats.times['ramp page'], 0.5) * 1000:.0f} ms, "
        f"p99 {pct(stats.times['ramp page'], 0.99) * 1000:.0f} ms); rush {elapsed:.1f} s, "
        f"{stats.acked} saves acknowledged, {len(stats.times['page'])} page reopenings, "
        f"{stats.sent} reports sent; offered {args.rate or 'unpaced'} saves/s"
    )
    sends = stats.times["send"]
    print(
        f"sending (all at once after the rush): p50 {pct(sends, 0.5) * 1000:.0f} ms, "
        f"p99 {pct(sends, 0.99) * 1000:.0f} ms, max {max(sends, default=0) * 1000:.0f} ms"
    )
    requests = len(stats.times["save"]) + len(stats.times["page"])
    print(
        f"CPU during the rush: server {stats.server_cpu:.1f} s "
        f"({stats.server_cpu / max(1, requests) * 1000:.1f} ms per request, "
        f"{stats.server_cpu / elapsed:.2f} cores), client {stats.client_cpu:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f} (other work on the machine shows here)"
    )
    if stats.refused:
        print(f"refused: {dict(stats.refused)}")
    print(f"statuses: {dict(sorted(stats.statuses.items()))}")
    print(HEADER)
    print(row)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if args.write:
        _write(Path(args.write), row, when)
    return 1 if problems else 0


def _write(path: Path, row: str, when: str) -> None:
    """Add the row under the rush section's table (the section is written by hand)."""
    text = path.read_text()
    marker = "<!-- rush rows -->"
    if marker not in text:
        raise SystemExit(f"rush: {path} has no {marker!r} line under {SECTION!r}")
    path.write_text(text.replace(marker, f"{row}\n{marker}", 1))


def _admin_url(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    return base + "/postgres", name


def _create_database(url: str) -> bool:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def _drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
