#!/usr/bin/env python3
"""A small load driver for demo-server, used by scripts/pg-fault.sh and scripts/soak.sh (standard library only).

  load.py drive --port P --seconds S --threads N --log FILE [--users N --sessions FILE]
      Each thread logs in (signing up first) and calls /api/dashboard with its cookies; every answer is logged as
      `sent_epoch latency_ms status kind`, every acknowledged session as `cookie user_id` in --sessions, and a
      dashboard answered with another user's id as kind `WRONG_USER`. Connection errors log status 0.
  load.py summary --log FILE [--from T --to T]    request count, status counts, p50/p99/max latency in a window.
  load.py verify --port P --sessions FILE          every acknowledged session still answers 200 as its own user.
"""
import argparse, http.client, json, random, sys, threading, time, uuid

PASSWORD = "correct horse battery"


def request(port, method, path, cookie=None, body=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    if method == "POST" and cookie:
        headers["Origin"] = f"http://127.0.0.1:{port}"
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        cookie = None
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("authbridge_session="):
                cookie = value.split(";", 1)[0]
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = {}
        return response.status, parsed, cookie
    finally:
        connection.close()


def drive(args):
    stop = time.time() + args.seconds
    log_lock, log = threading.Lock(), open(args.log, "a")
    sessions = open(args.sessions, "a") if args.sessions else None

    def record(sent, status, kind):
        with log_lock:
            log.write(f"{sent:.4f} {(time.time() - sent) * 1000:.2f} {status} {kind}\n")

    def worker(index):
        email = f"load-{index}-{uuid.uuid4().hex[:8]}@example.com"
        mine = []  # (cookie, user id)
        while time.time() < stop:
            new_session = not mine or random.random() < args.login_share
            sent = time.time()
            try:
                if new_session:
                    path = "/api/login" if mine else "/api/signup"
                    status, body, cookie = request(args.port, "POST", path, body={"email": email, "password": PASSWORD})
                    if status in (200, 201) and cookie:
                        user = body["user"]["id"]
                        mine.append((cookie, user))
                        if sessions:
                            with log_lock:
                                sessions.write(f"{cookie} {user}\n")
                                sessions.flush()
                    record(sent, status, "login")
                else:
                    cookie, user = random.choice(mine)
                    status, body, _ = request(args.port, "GET", "/api/dashboard", cookie=cookie)
                    wrong = status == 200 and body.get("user", {}).get("id") != user
                    record(sent, status, "WRONG_USER" if wrong else "dashboard")
            except (OSError, http.client.HTTPException):
                record(sent, 0, "error")
                time.sleep(0.05)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.close()


def percentile(values, share):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def summary(args):
    rows = [line.split() for line in open(args.log)]
    rows = [(float(r[0]), float(r[1]), int(r[2]), r[3]) for r in rows]
    rows = [r for r in rows if (args.start is None or r[0] >= args.start) and (args.end is None or r[0] < args.end)]
    statuses = {}
    for row in rows:
        statuses[row[2]] = statuses.get(row[2], 0) + 1
    latencies = [r[1] for r in rows]
    wrong = sum(1 for r in rows if r[3] == "WRONG_USER")
    print(json.dumps({
        "requests": len(rows), "served": sum(1 for r in rows if r[2] != 0), "statuses": statuses,
        "p50_ms": round(percentile(latencies, 0.5), 2), "p99_ms": round(percentile(latencies, 0.99), 2),
        "max_ms": round(max(latencies), 2) if latencies else None, "wrong_user": wrong,
    }))


def verify(args):
    checked = failed = 0
    for line in open(args.sessions):
        cookie, user = line.split()
        status, body, _ = request(args.port, "GET", "/api/dashboard", cookie=cookie)
        checked += 1
        if status != 200 or body.get("user", {}).get("id") != user:
            failed += 1
    print(json.dumps({"sessions_checked": checked, "sessions_invalid": failed}))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("drive")
    d.add_argument("--port", type=int, required=True)
    d.add_argument("--seconds", type=float, required=True)
    d.add_argument("--threads", type=int, default=8)
    d.add_argument("--login-share", type=float, default=0.05)
    d.add_argument("--log", required=True)
    d.add_argument("--sessions")
    s = commands.add_parser("summary")
    s.add_argument("--log", required=True)
    s.add_argument("--from", dest="start", type=float)
    s.add_argument("--to", dest="end", type=float)
    v = commands.add_parser("verify")
    v.add_argument("--port", type=int, required=True)
    v.add_argument("--sessions", required=True)
    args = parser.parse_args()
    sys.exit({"drive": drive, "summary": summary, "verify": verify}[args.command](args) or 0)


if __name__ == "__main__":
    main()
