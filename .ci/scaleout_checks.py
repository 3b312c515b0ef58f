#!/usr/bin/env python3
"""Checks of .ci/two-instances that talk HTTP (standard library only).

    scaleout_checks.py shared A_URL B_URL CLIENT_ID
        a session made on instance A works on instance B (and a sign-out on B ends it on A);
        a document uploaded through A downloads byte-identical from B (S3, presigned redirect)
    scaleout_checks.py cookie BASE_URL EMAIL
        signs EMAIL in through BASE_URL and prints "NAME=VALUE" of the session cookie (for wrk)
    scaleout_checks.py mails SINK_DIR SENT_COUNT
        every mail the SMTP sink received has its own Message-ID, and it received exactly the
        SENT_COUNT mails the outbox marks as sent: no mail went out twice

Requests carry `Sec-Fetch-Site: same-origin` as a browser on the portal's own pages does: the
public URL is the balancer's, so an instance asked directly sees no matching Origin.
"""
import http.cookiejar
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

PASSWORD = "portico-demo-2026"
ANA = "ana@northwind.example"
SAM = "sam@harborpine.example"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """Cookies shared across hosts (both instances are 127.0.0.1), redirects not followed."""

    def __init__(self, jar=None):
        self.jar = jar or http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, method, url, body=None, headers=None):
        h = {"sec-fetch-site": "same-origin", "user-agent": "portico-scaleout-check"}
        h.update(headers or {})
        req = urllib.request.Request(url, data=body, method=method, headers=h)
        try:
            with self.opener.open(req, timeout=60) as res:
                return res.status, dict(res.headers), res.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def sign_in(self, base, email):
        body = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
        status, _, text = self.request("POST", f"{base}/api/login", body, {"accept": "application/json", "content-type": "application/x-www-form-urlencoded"})
        if status != 200:
            fail(f"{email} could not sign in at {base}: {status} {text[:200]!r}")

    def session_cookie(self):
        for c in self.jar:
            if c.name.endswith("portico_session"):
                return c
        fail("no session cookie was set")


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print(f"  ok: {message}")


def multipart(fields, file_name, data):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode())
    parts.append(data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def shared(a, b, client_id):
    # A session made on A is believed by B, and ending it on B ends it on A.
    ana = Browser()
    ana.sign_in(a, ANA)
    status, _, page = ana.request("GET", f"{b}/invoices")
    check(status == 200 and b"INV-" in page, f"Ana signed in on {a}; {b}/invoices answers her invoices ({status})")
    status, headers, _ = Browser().request("GET", f"{b}/invoices")
    check(status in (302, 303, 307) and "/login" in headers.get("Location", headers.get("location", "")), f"without her cookie {b}/invoices sends to /login ({status})")
    status, _, _ = ana.request("POST", f"{b}/api/logout", b"", {"accept": "application/json", "content-type": "application/x-www-form-urlencoded"})
    check(status == 200, f"Ana signs out on {b} ({status})")
    status, _, _ = ana.request("GET", f"{a}/invoices")
    check(status in (302, 303, 307), f"her session is over on {a} too ({status})")

    # An upload through A downloads, byte for byte, from B.
    sam = Browser()
    sam.sign_in(a, SAM)
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + os.urandom(300_000)
    body, ctype = multipart({"client_id": str(client_id), "folder": "Tax forms", "title": "Scale-out check"}, "scaleout-check.pdf", data)
    status, _, text = sam.request("POST", f"{a}/documents/upload", body, {"accept": "application/json", "content-type": ctype})
    check(status == 200, f"Sam uploads {len(data)} bytes through {a} ({status})")
    doc = json.loads(text)[0]["id"]
    status, headers, body = sam.request("GET", f"{b}/documents/{doc}/download")
    location = headers.get("Location", headers.get("location", ""))
    if status in (302, 303, 307):
        check(location.startswith("http") and "X-Amz-Signature" in location, f"{b} redirects the download of document {doc} to a presigned S3 URL")
        with urllib.request.urlopen(location, timeout=60) as res:
            status, body = res.status, res.read()
    check(status == 200 and body == data, f"document {doc} downloads from {b} byte-identical ({len(body)} bytes)")


def cookie(base, email):
    browser = Browser()
    browser.sign_in(base, email)
    c = browser.session_cookie()
    print(f"{c.name}={c.value}")


def mails(directory, sent):
    ids = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                headers = json.load(f)["headers"]
            ids.append(headers.get("Message-ID") or headers.get("Message-Id") or "")
    duplicates = len(ids) - len(set(ids))
    check(duplicates == 0, f"{len(ids)} mails received, each Message-ID once")
    check(len(ids) == sent, f"the SMTP server received exactly the {sent} mails the outbox marks as sent")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"shared": lambda: shared(args[0], args[1], int(args[2])), "cookie": lambda: cookie(args[0], args[1]), "mails": lambda: mails(args[0], int(args[1]))}[command]()
