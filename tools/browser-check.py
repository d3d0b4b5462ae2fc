#!/usr/bin/env python3
"""The browser half of tools/browser-check: drives headless Chromium over its DevTools
protocol (a WebSocket client of our own, RFC 6455, standard library only) through the web
pages of a running `lanzi serve`, as the demo merchant (360×780, on a phone), a stranger
following a receipt's QR code, the operator and the auditor. It saves a screenshot of each
step in OUT, prints one line per step and, last, one JSON line with every check's result;
it exits 0 only when every check passed.

    tools/browser-check.py --lanzi BIN --db DB --base URL --out DIR --work DIR --phone PHONE

The passwords come in the environment (LANZI_CHECK_MERCHANT_PASSWORD, …_OPERATOR_…,
…_AUDITOR_…), not on the command line. tools/browser-check makes the database, the users
and the server, then runs this."""

import argparse
import base64
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
from decimal import Decimal

WAIT = 20.0            # seconds, for any one thing we wait for
OVERALL = 240          # seconds, for the whole run

# Every check this run makes, in order; one not reached counts as failed.
CHECKS = [
    "chinese_fonts_installed",
    "merchant_signed_in_with_phone",
    "merchant_bills_listed",
    "merchant_bills_fit_360",
    "merchant_receipt_shown",
    "merchant_receipt_fits_360",
    "merchant_receipt_prints_on_one_a4",
    "receipt_qr_decoded",
    "receipt_qr_address_matches",
    "public_check_verifies",
    "public_check_masks_merchant",
    "operator_signed_in",
    "operator_map_shown",
    "operator_pay_form_prefilled",
    "operator_payment_recorded",
    "operator_resubmit_same_receipt",
    "operator_payment_recorded_once",
    "auditor_signed_in",
    "auditor_income_shown",
    "auditor_pay_form_forbidden",
    "auditor_payment_refused",
]
results = {}

# The screenshots, by step; a run replaces these files in OUT and touches no other.
SHOTS = [
    "01-merchant-signin.png", "02-merchant-bills.png", "03-merchant-receipt.png", "04-receipt-qr.png",
    "05-public-check.png", "06-operator-map.png", "07-operator-pay-form.png", "08-operator-receipt.png",
    "09-auditor-income.png", "10-auditor-forbidden.png", "11-receipt-a4.pdf",
]


def say(text):
    print(f"browser-check: {text}", flush=True)


def check(name, ok, detail):
    """Records a check's result and says it; a failure names what was expected and seen."""
    assert name in CHECKS, name
    results[name] = {"pass": bool(ok), "detail": detail}
    say(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    return bool(ok)


class Timeout(Exception):
    pass


class OutOfTime(BaseException):
    """The whole run's time is up: no role's handler catches it."""


# --- WebSocket, RFC 6455, the client side only ----------------------------------------

class WebSocket:
    """A blocking WebSocket client: text frames out (masked, as a client must), any frames
    in (7-, 16- and 64-bit lengths, fragments joined, pings answered, close honoured)."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self, url, timeout=WAIT):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "ws":
            raise ValueError(f"not a ws:// address: {url}")
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        self.buffer = b""
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        # No Origin header: Chromium only checks the origins of requests that send one.
        request = (f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = self._read_until(b"\r\n\r\n", time.monotonic() + timeout).decode("latin-1")
        lines = head.split("\r\n")
        if not re.match(r"HTTP/1\.1 101\b", lines[0]):
            raise ConnectionError(f"WebSocket handshake refused: {lines[0]}")
        headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
        expected = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise ConnectionError("WebSocket handshake: wrong Sec-WebSocket-Accept")

    def _fill(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Timeout("no WebSocket data in time")
        self.sock.settimeout(remaining)
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            raise Timeout("no WebSocket data in time") from None
        if not chunk:
            raise ConnectionError("the browser closed the DevTools connection")
        self.buffer += chunk

    def _read_until(self, marker, deadline):
        while marker not in self.buffer:
            self._fill(deadline)
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _read_exact(self, count, deadline):
        while len(self.buffer) < count:
            self._fill(deadline)
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", length)
        mask = secrets.token_bytes(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text):
        self._send_frame(0x1, text.encode("utf-8"))

    def receive(self, deadline):
        """The next whole message (text, as str), waiting until deadline."""
        pieces, first_opcode = [], None
        while True:
            b0, b1 = self._read_exact(2, deadline)
            fin, opcode = b0 & 0x80, b0 & 0x0F
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read_exact(2, deadline))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read_exact(8, deadline))[0]
            mask = self._read_exact(4, deadline) if b1 & 0x80 else None
            payload = self._read_exact(length, deadline)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:                    # ping: answer, keep reading
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:                    # pong: ignore
                continue
            if opcode == 0x8:                    # close: answer and stop
                try:
                    self._send_frame(0x8, payload[:2])
                finally:
                    raise ConnectionError("the browser closed the DevTools connection")
            if opcode in (0x1, 0x2):
                first_opcode, pieces = opcode, [payload]
            elif opcode == 0x0 and first_opcode is not None:
                pieces.append(payload)
            else:
                raise ConnectionError(f"unexpected WebSocket frame, opcode {opcode}")
            if fin:
                data = b"".join(pieces)
                return data.decode("utf-8") if first_opcode == 0x1 else data.decode("utf-8", "replace")

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


# --- DevTools protocol ----------------------------------------------------------------

class DevTools:
    """Commands and events over one browser-level connection, with flat sessions per page."""

    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []        # (sessionId, method, params) not yet consumed

    def send(self, method, params=None, session=None, timeout=WAIT):
        self.next_id += 1
        ident = self.next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send_text(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            answer = json.loads(self.ws.receive(deadline))
            if answer.get("id") == ident:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append((answer.get("sessionId"), answer["method"], answer.get("params", {})))

    def wait_event(self, method, session, timeout=WAIT, predicate=lambda params: True):
        deadline = time.monotonic() + timeout
        while True:
            for index, (sid, name, params) in enumerate(self.events):
                if sid == session and name == method and predicate(params):
                    del self.events[index]
                    return params
            answer = json.loads(self.ws.receive(deadline))
            if "method" in answer:
                self.events.append((answer.get("sessionId"), answer["method"], answer.get("params", {})))

    def drain(self, session):
        """Reads whatever arrived already, then drops this session's pending events."""
        try:
            while True:
                answer = json.loads(self.ws.receive(time.monotonic() + 0.05))
                if "method" in answer:
                    self.events.append((answer.get("sessionId"), answer["method"], answer.get("params", {})))
        except Timeout:
            pass
        self.events = [e for e in self.events if e[0] != session]


class Page:
    """One tab in a browser context of its own (its own cookies): navigate, evaluate,
    screenshot; remembers the HTTP status of the last document it loaded."""

    def __init__(self, devtools, base, width, height, scale, mobile):
        self.dt, self.base = devtools, base
        self.context = devtools.send("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
        target = devtools.send("Target.createTarget", {"url": "about:blank", "browserContextId": self.context})["targetId"]
        self.session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Network.enable", "Runtime.enable"):
            self.send(domain)
        self.width, self.scale = width, scale
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})
        # A browser in China: its date fields, its clock.
        self.send("Emulation.setLocaleOverride", {"locale": "zh-CN"})
        self.send("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Shanghai"})
        if mobile:
            self.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        self.status = None

    def send(self, method, params=None):
        return self.dt.send(method, params, self.session)

    def _await_load(self, action):
        """Runs action (which starts a navigation) and waits for the new document's load."""
        self.dt.drain(self.session)
        action()
        self.dt.wait_event("Page.loadEventFired", self.session)
        statuses = [p["response"]["status"] for sid, name, p in self.dt.events
                    if sid == self.session and name == "Network.responseReceived" and p.get("type") == "Document"]
        self.status = statuses[-1] if statuses else None

    def goto(self, path):
        url = path if path.startswith("http") else self.base + path
        def navigate():
            answer = self.send("Page.navigate", {"url": url})
            if answer.get("errorText"):
                raise RuntimeError(f"navigating to {url}: {answer['errorText']}")
        self._await_load(navigate)

    def evaluate(self, expression):
        answer = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise RuntimeError(f"in the page: {text}")
        return answer["result"].get("value")

    def submit(self, expression):
        """Evaluates an expression that submits a form or follows a link, and waits for the page."""
        self._await_load(lambda: self.evaluate(expression))

    @property
    def path(self):
        return urllib.parse.urlsplit(self.evaluate("location.href")).path

    def fits_width(self):
        """The page's content width and the window's, in CSS pixels: a wider content means
        the whole page scrolls sideways."""
        return self.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")

    def screenshot(self, file, full=True, clip=None):
        """Saves a PNG of the window, of the whole page (at most 16000 pixels tall, the
        top of a longer one) or of clip; answers the file, the page's height and the height
        shown, in CSS pixels."""
        params = {"format": "png"}
        metrics = self.send("Page.getLayoutMetrics")
        height = shown = metrics["cssLayoutViewport"]["clientHeight"]
        content = metrics["cssContentSize"]["height"]
        if clip:
            params.update(clip={**clip, "scale": 1}, captureBeyondViewport=True)
            shown = clip["height"]
        elif full:
            height, shown = content, min(content, 16000 // self.scale)
            width = max(metrics["cssContentSize"]["width"], self.width)
            params.update(clip={"x": 0, "y": 0, "width": width, "height": shown, "scale": 1}, captureBeyondViewport=True)
        data = base64.b64decode(self.send("Page.captureScreenshot", params)["data"])
        with open(file, "wb") as handle:
            handle.write(data)
        return file, round(height), round(shown)

    def fonts(self, selector):
        """The fonts the browser drew an element's text with (PostScript names)."""
        self.send("DOM.enable")
        self.send("CSS.enable")
        root = self.send("DOM.getDocument")["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            return []
        return [f["postScriptName"] for f in self.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]

    def close(self):
        """Closes the tab with its context (and its cookies); its pending events are dropped."""
        try:
            self.dt.send("Target.disposeBrowserContext", {"browserContextId": self.context})
        except (Timeout, RuntimeError, OSError):
            pass
        self.dt.events = [e for e in self.dt.events if e[0] != self.session]


def js(value):
    """A Python value as a JavaScript literal."""
    return json.dumps(value, ensure_ascii=False)


def saved(shot):
    """A step line's note on a screenshot: its name, and how much of a long page it shows."""
    file, height, shown = shot
    name = os.path.basename(file)
    return f"{name} (the top {shown} of {height} px)" if shown < height else name


def sign_in(page, login, password):
    page.goto("/signin")
    page.evaluate(f"""(() => {{
        const form = document.querySelector('form[action="/signin"]');
        form.querySelector('input[name=login]').value = {js(login)};
        form.querySelector('input[name=password]').value = {js(password)};
        return true; }})()""")


def press_sign_in(page):
    page.submit("""document.querySelector('form[action="/signin"] button[type=submit]').click()""")


def lanzi_json(args, *command):
    answer = subprocess.run([args.lanzi, "--db", args.db, *command, "--json"], capture_output=True, text=True, timeout=WAIT)
    if answer.returncode != 0:
        raise RuntimeError(f"lanzi {' '.join(command)}: {answer.stderr.strip()}")
    return json.loads(answer.stdout)


def yuan(text):
    """'¥6,203.82' or '6203.82' as a Decimal."""
    return Decimal(re.sub(r"[¥,\s]", "", text))


# --- the roles ------------------------------------------------------------------------

def merchant(dt, args, shots):
    """The demo merchant on a phone: signs in with its phone, its bills, a receipt and its QR code."""
    page = Page(dt, args.base, 360, 780, 2, True)
    try:
        sign_in(page, args.phone, os.environ["LANZI_CHECK_MERCHANT_PASSWORD"])
        say(f"saved {saved(page.screenshot(shots('01-merchant-signin.png'), full=False))}")
        press_sign_in(page)
        check("merchant_signed_in_with_phone", page.path == "/me",
              f"signed in as {args.phone}, landed on {page.path} (want /me)")
        say(f"merchant signed in with its phone {args.phone}")

        open_bills = {b["number"] for b in lanzi_json(args, "bill", "list", "--merchant", "7")
                      if b["status"] in ("open", "partly_paid")}
        # The open bills are the table whose rows begin with the bill's number in bold.
        titles = page.evaluate("[...document.querySelectorAll('main td:first-child > b')].map(h => h.textContent)")
        shown = {m for t in titles for m in re.findall(r"BWG-B\d{4}-\d{6}", t)}
        check("merchant_bills_listed", open_bills and shown == open_bills,
              f"{len(shown)} open bill(s) shown, {len(open_bills)} open bill(s) in the database"
              + ("" if shown == open_bills else f"; missing {sorted(open_bills - shown)[:3]}, extra {sorted(shown - open_bills)[:3]}"))
        content, window = page.fits_width()
        check("merchant_bills_fit_360", content <= window, f"/me is {content} px wide in a {window} px window")
        say(f"saved {saved(page.screenshot(shots('02-merchant-bills.png')))}; text drawn in "
            f"{', '.join(page.fonts('main p'))}, bill numbers in {', '.join(page.fonts('main td:first-child > b'))}")

        page.goto("/me/receipts")
        link = page.evaluate("""(() => { const a = document.querySelector('a[href^="/receipts/"]');
                                       return a ? a.getAttribute('href') : null; })()""")
        if not link:
            check("merchant_receipt_shown", False, "/me/receipts lists no receipt")
            return
        number = link.rsplit("/", 1)[1]
        page.submit(f"""document.querySelector('a[href={js(link)}]').click()""")
        facts = page.evaluate("""(() => ({
            text: document.querySelector('main').innerText,
            amount: (document.querySelector('.receipt .amount') || {}).textContent || null,
            qr: !!document.querySelector('div.qr svg') }))()""")
        record = lanzi_json(args, "receipt", "show", number)
        amount_fen = record["record"]["amount_fen"]
        missing = [w for w in ("不作发票使用", "大写", record["record"]["amount_in_capitals"], number) if w not in facts["text"]]
        amount_ok = facts["amount"] is not None and amount_fen is not None and yuan(facts["amount"]) * 100 == amount_fen
        check("merchant_receipt_shown", page.status == 200 and page.path == link and not missing and facts["qr"] and amount_ok,
              f"{link}: HTTP {page.status}, amount {facts['amount']} (database {amount_fen} fen)"
              + (f", lacks {missing}" if missing else "") + ("" if facts["qr"] else ", no QR code"))
        content, window = page.fits_width()
        check("merchant_receipt_fits_360", content <= window, f"{link} is {content} px wide in a {window} px window")
        say(f"saved {saved(page.screenshot(shots('03-merchant-receipt.png')))}")
        # Printed as the merchant would print it: A4, the print stylesheet (no menu).
        pdf = base64.b64decode(page.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": False,
                                                            "preferCSSPageSize": True})["data"])
        with open(shots("11-receipt-a4.pdf"), "wb") as file:
            file.write(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        check("merchant_receipt_prints_on_one_a4", pdf.startswith(b"%PDF") and pages == 1, f"{link} printed on A4: {pages} page(s)")
        say(f"merchant opened its bills and receipt {number}")

        box = page.evaluate("""(() => { const r = document.querySelector('div.qr svg').getBoundingClientRect();
            return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()""")
        margin = 12
        clip = {"x": max(0, box["x"] - margin), "y": max(0, box["y"] - margin),
                "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin}
        qr_file = page.screenshot(shots("04-receipt-qr.png"), clip=clip)[0]
        decoded = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", "--nodbus", qr_file],
                                 capture_output=True, timeout=WAIT)
        address = decoded.stdout.decode("utf-8", "replace").strip()
        check("receipt_qr_decoded", decoded.returncode == 0 and address != "",
              f"zbarimg read {address!r}" if address else f"zbarimg found no code (exit {decoded.returncode})")
        pattern = re.escape(f"{args.base}/r/{number}") + r"\?h=[0-9a-f]{16}"
        check("receipt_qr_address_matches", re.fullmatch(pattern, address) is not None,
              f"want {args.base}/r/{number}?h=<16 hex>, got {address!r}")
        return address, number
    finally:
        page.close()


def stranger(dt, args, shots, address, number, merchant_name):
    """Someone who scanned the receipt: a fresh browser, signed in as nobody."""
    page = Page(dt, args.base, 360, 780, 2, True)
    try:
        page.goto(address)
        facts = page.evaluate("""(() => ({
            notice: [...document.querySelectorAll('div.notice')].map(d => d.textContent).join(' | '),
            text: document.body.innerText }))()""")
        check("public_check_verifies", page.status == 200 and "此收据真实有效" in facts["notice"] and number in facts["text"],
              f"HTTP {page.status}, notice {facts['notice']!r}")
        masked = merchant_name[0] + "*" * (len(merchant_name) - 1)
        leaks = [w for w in (merchant_name, args.phone) if w in facts["text"]]
        check("public_check_masks_merchant", masked in facts["text"] and not leaks,
              f"shows {masked!r}: {masked in facts['text']}" + (f"; but also shows {leaks}" if leaks else "; no full name or phone"))
        say(f"saved {saved(page.screenshot(shots('05-public-check.png')))}")
        say(f"the QR code's address opened signed out: {address}")
    finally:
        page.close()


def payment_count(args):
    return len(lanzi_json(args, "payment", "list", "--merchant", "7"))


def operator(dt, args, shots):
    """The desk: signs in, the market map, a payment recorded (and a second submit of the same form)."""
    page = Page(dt, args.base, 1280, 900, 1, False)
    try:
        sign_in(page, "desk", os.environ["LANZI_CHECK_OPERATOR_PASSWORD"])
        press_sign_in(page)
        check("operator_signed_in", page.path == "/desk", f"landed on {page.path} (want /desk)")
        facts = page.evaluate("""(() => ({h1: (document.querySelector('h1') || {}).textContent,
                                           tiles: document.querySelectorAll('.tile').length}))()""")
        units = len(lanzi_json(args, "unit", "list"))
        check("operator_map_shown", facts["h1"] == "市场图" and facts["tiles"] == units,
              f"heading {facts['h1']!r}, {facts['tiles']} tile(s) for {units} unit(s)")
        say(f"saved {saved(page.screenshot(shots('06-operator-map.png')))}")
        say("operator signed in and sees the market map")

        page.goto("/desk/pay?merchant=7")
        owed = sum(b["outstanding_fen"] for b in lanzi_json(args, "bill", "list", "--merchant", "7")
                   if b["status"] in ("open", "partly_paid"))
        reference = "WX" + time.strftime("%Y%m%d%H%M%S")
        form = page.evaluate(f"""(() => {{
            const form = document.querySelector('form[action="/desk/pay"][method=post]');
            if (!form) return null;
            const amount = form.querySelector('input[name=amount]').value;
            form.querySelector('select[name=method]').value = 'wechat';
            form.querySelector('input[name=reference]').value = {js(reference)};
            return {{amount, key: form.querySelector('input[name=key]').value,
                     paidOn: form.querySelector('input[name=paid_on]').value,
                     bills: form.querySelectorAll('input[name=bill_ids]:checked').length,
                     html: form.outerHTML}};
        }})()""")
        if not form:
            check("operator_pay_form_prefilled", False, f"/desk/pay?merchant=7 (HTTP {page.status}) has no payment form")
            return
        check("operator_pay_form_prefilled", yuan(form["amount"]) * 100 == owed,
              f"amount {form['amount']} prefilled, {owed / 100:.2f} owed on {form['bills']} bill(s)")
        say(f"saved {saved(page.screenshot(shots('07-operator-pay-form.png')))}")

        before = payment_count(args)
        page.submit("""document.querySelector('form[action="/desk/pay"][method=post] button.primary').click()""")
        first = page.path
        shown = page.evaluate("(document.querySelector('.receipt .amount') || {}).textContent || null")
        check("operator_payment_recorded",
              first.startswith("/receipts/") and shown is not None and yuan(shown) == yuan(form["amount"]),
              f"landed on {first} (HTTP {page.status}) showing {shown} for {form['amount']} by WeChat, reference {reference}")
        say(f"saved {saved(page.screenshot(shots('08-operator-receipt.png')))}")
        say(f"operator recorded a payment of {form['amount']} by WeChat: {first}")

        # The same form again, its hidden key unchanged: as if the button were pressed twice.
        page.evaluate(f"""(() => {{ const holder = document.createElement('div');
            holder.innerHTML = {js(form['html'])}; document.body.appendChild(holder);
            holder.querySelector('select[name=method]').value = 'wechat';
            holder.querySelector('input[name=reference]').value = {js(reference)}; return true; }})()""")
        page.submit("""document.querySelector('div > form[action="/desk/pay"][method=post] button.primary').click()""")
        check("operator_resubmit_same_receipt", page.path == first,
              f"the same form posted again landed on {page.path} (HTTP {page.status}; want {first})")
        payments = lanzi_json(args, "payment", "list", "--merchant", "7")
        ours = [p for p in payments if p.get("reference") == reference]
        check("operator_payment_recorded_once",
              len(payments) == before + 1 and len(ours) == 1 and ours[0]["method"] == "wechat",
              f"payments of merchant 7: {before} before, {len(payments)} after; {len(ours)} with reference {reference}")
        say("operator posted the same form twice: one payment")
    finally:
        page.close()


def auditor(dt, args, shots):
    """The auditor: the income report, and the desk's payment form refused."""
    page = Page(dt, args.base, 1280, 900, 1, False)
    try:
        sign_in(page, "audit", os.environ["LANZI_CHECK_AUDITOR_PASSWORD"])
        press_sign_in(page)
        check("auditor_signed_in", page.path == "/income", f"landed on {page.path} (want /income)")
        facts = page.evaluate("""(() => ({h1: (document.querySelector('h1') || {}).textContent || '',
            text: document.querySelector('main').innerText,
            chart: !!document.querySelector('svg.chart, main svg'),
            rows: document.querySelectorAll('main table tbody tr').length}))()""")
        check("auditor_income_shown",
              page.status == 200 and facts["h1"].startswith("收益") and "收益及收益分配表" in facts["text"]
              and facts["chart"] and facts["rows"] > 0,
              f"HTTP {page.status}, heading {facts['h1']!r}, {facts['rows']} table row(s), chart {facts['chart']}")
        say(f"saved {saved(page.screenshot(shots('09-auditor-income.png')))}")
        say("auditor opened the income page")

        page.goto("/desk/pay?merchant=7")
        title = page.evaluate("document.title")
        check("auditor_pay_form_forbidden", page.status == 403 and title.startswith("无权访问"),
              f"/desk/pay?merchant=7 answered HTTP {page.status}, title {title!r} (want 403, 无权访问)")
        say(f"saved {saved(page.screenshot(shots('10-auditor-forbidden.png')))}")

        # Whatever the form page says, posting a payment must be refused and change nothing.
        before = payment_count(args)
        csrf = page.evaluate("(document.querySelector('input[name=csrf]') || {}).value || null")
        if csrf is None:
            page.goto("/income")
            csrf = page.evaluate("(document.querySelector('input[name=csrf]') || {}).value || ''")
        fields = {"csrf": csrf, "merchant": "7", "key": secrets.token_hex(16), "amount": "1.00",
                  "method": "cash", "reference": "", "paid_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))}
        page.submit(f"""(() => {{ const form = document.createElement('form');
            form.method = 'post'; form.action = '/desk/pay';
            for (const [name, value] of Object.entries({js(fields)})) {{
                const input = document.createElement('input'); input.type = 'hidden';
                input.name = name; input.value = value; form.appendChild(input); }}
            document.body.appendChild(form); form.submit(); }})()""")
        after = payment_count(args)
        check("auditor_payment_refused", page.status == 403 and after == before,
              f"a posted payment answered HTTP {page.status} (want 403); payments {before} before, {after} after")
        say("auditor was refused the payment desk")
    finally:
        page.close()


# --- the browser ----------------------------------------------------------------------

def start_chromium(work):
    profile = os.path.join(work, "chromium-profile")
    os.makedirs(profile, exist_ok=True)
    port_file = os.path.join(profile, "DevToolsActivePort")
    if os.path.exists(port_file):
        os.remove(port_file)
    log = open(os.path.join(work, "chromium.log"), "wb")
    # Chromium refuses to run as root without --no-sandbox; the profile is this run's alone.
    process = subprocess.Popen(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
         "--hide-scrollbars", "--lang=zh-CN",
         f"--user-data-dir={profile}", "--window-size=360,780", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
         "--disable-features=Translate,MediaRouter", "about:blank"],
        stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    with open(os.path.join(work, "chromium.pid"), "w") as handle:
        handle.write(str(process.pid))
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited ({process.returncode}); see {work}/chromium.log")
        try:
            port, path = open(port_file).read().split("\n")[:2]
            if port and path:
                return process, f"ws://127.0.0.1:{port}{path}"
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    raise Timeout("chromium did not open its DevTools port in time")


def stop_chromium(process, devtools=None):
    """Asks the browser to close, then ends its process group if it has not."""
    if devtools is not None and process.poll() is None:
        try:
            devtools.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=5)


def on_signal(number, frame):
    raise SystemExit(f"stopped by signal {number}")


def on_alarm(number, frame):
    raise OutOfTime(f"the whole check took more than {OVERALL} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("lanzi", "db", "base", "out", "work", "phone"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    args.base = args.base.rstrip("/")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(OVERALL)

    def shots(name):
        assert name in SHOTS, name
        return os.path.join(args.out, name)

    for name in SHOTS:
        if os.path.exists(shots(name)):
            os.remove(shots(name))

    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.split("\n")
    fonts = sorted({line.split(",")[0] for line in fonts if line}, key=lambda family: ("CJK SC" not in family, family))
    check("chinese_fonts_installed", bool(fonts), f"fc-list :lang=zh: {', '.join(fonts[:3]) or 'none'}")

    merchant_name = lanzi_json(args, "merchant", "show", "7")["name"]
    process = devtools = None
    try:
        process, url = start_chromium(args.work)
        say(f"chromium listening at {url}")
        devtools = DevTools(url)
        for role in ("merchant", "operator", "auditor"):
            try:
                if role == "merchant":
                    found = merchant(devtools, args, shots)
                    if found:
                        stranger(devtools, args, shots, *found, merchant_name)
                elif role == "operator":
                    operator(devtools, args, shots)
                else:
                    auditor(devtools, args, shots)
            except (Timeout, RuntimeError, OSError, KeyError, TypeError, ValueError) as error:
                if isinstance(error, ConnectionError):
                    raise
                say(f"FAIL the {role}'s steps stopped: {type(error).__name__}: {error}")
    except (OutOfTime, Timeout, RuntimeError, OSError) as error:
        say(f"FAIL the browser: {error}")
    finally:
        signal.alarm(0)
        if process is not None:
            stop_chromium(process, devtools)

    for name in CHECKS:
        results.setdefault(name, {"pass": False, "detail": "not reached"})
    passed = sum(1 for r in results.values() if r["pass"])
    failed = [name for name in CHECKS if not results[name]["pass"]]
    shots_made = [name for name in SHOTS if os.path.exists(shots(name))]
    print(json.dumps({"browser_check": "pass" if not failed else "fail", "passed": passed, "failed": failed,
                      "checks": {name: results[name]["pass"] for name in CHECKS},
                      "screenshots": args.out, "files": shots_made}, ensure_ascii=False), flush=True)
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
