#!/usr/bin/env python3
"""A small S3 client (standard library only, AWS Signature V4, path-style addressing) for the
scripts in .ci/, which must run on a machine without the AWS CLI:

    s3.py pull  BUCKET DIR     copy every object of BUCKET to DIR/<key>; prints the count
    s3.py push  DIR BUCKET     copy every file under DIR to BUCKET as <relative path>
    s3.py empty BUCKET         delete every object of BUCKET
    s3.py count BUCKET         print how many objects BUCKET holds

The endpoint and keys come from PORTICO_S3_ENDPOINT, PORTICO_S3_ACCESS_KEY and
PORTICO_S3_SECRET_KEY (and PORTICO_S3_REGION, default us-east-1), as Portico reads them. On a real
deployment `aws s3 sync` or `rclone sync` do the same (docs/deploy.md).
"""
import datetime
import hashlib
import hmac
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

ENDPOINT = os.environ["PORTICO_S3_ENDPOINT"].rstrip("/")
ACCESS = os.environ["PORTICO_S3_ACCESS_KEY"]
SECRET = os.environ["PORTICO_S3_SECRET_KEY"]
REGION = os.environ.get("PORTICO_S3_REGION", "us-east-1")
NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


def quote(s):
    return urllib.parse.quote(s, safe="-_.~")


def request(method, bucket, key="", query=None, body=b""):
    """One signed request; returns the body (raises on any status but 2xx)."""
    query = query or {}
    path = "/" + quote(bucket) + ("/" + "/".join(quote(p) for p in key.split("/")) if key else "")
    qs = "&".join(f"{quote(k)}={quote(v)}" for k, v in sorted(query.items()))
    host = urllib.parse.urlsplit(ENDPOINT).netloc
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-amz-content-sha256": payload, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join([method, path, qs, "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed, payload])
    scope = f"{day}/{REGION}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = ("AWS4" + SECRET).encode()
    for part in (day, REGION, "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = f"AWS4-HMAC-SHA256 Credential={ACCESS}/{scope}, SignedHeaders={signed}, Signature={signature}"
    del headers["host"]
    url = ENDPOINT + path + ("?" + qs if qs else "")
    req = urllib.request.Request(url, data=body if method in ("PUT", "POST") else None, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as res:
            return res.read()
    except urllib.error.HTTPError as e:
        sys.exit(f"s3.py: {method} {bucket}/{key}: {e.code} {e.read()[:300]!r}")


def keys(bucket):
    token = None
    while True:
        query = {"list-type": "2"}
        if token:
            query["continuation-token"] = token
        root = ET.fromstring(request("GET", bucket, query=query))
        for c in root.iter(f"{NS}Contents"):
            yield c.find(f"{NS}Key").text
        token = root.findtext(f"{NS}NextContinuationToken")
        if root.findtext(f"{NS}IsTruncated") != "true" or not token:
            return


def pull(bucket, directory):
    n = 0
    for key in list(keys(bucket)):
        target = os.path.join(directory, *key.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(request("GET", bucket, key))
        n += 1
    print(n)


def push(directory, bucket):
    n = 0
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            path = os.path.join(root, name)
            key = os.path.relpath(path, directory).replace(os.sep, "/")
            with open(path, "rb") as f:
                request("PUT", bucket, key, body=f.read())
            n += 1
    print(n)


def empty(bucket):
    n = 0
    for key in list(keys(bucket)):
        request("DELETE", bucket, key)
        n += 1
    print(n)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"pull": lambda: pull(*args), "push": lambda: push(*args), "empty": lambda: empty(*args), "count": lambda: print(sum(1 for _ in keys(args[0])))}[command]()
