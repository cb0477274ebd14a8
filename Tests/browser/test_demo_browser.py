#!/usr/bin/env python3
"""Real-browser test of the demo app: headless Chromium, driven by selenium, against the built demo-server.

Builds nothing. Starts the demo-server binary (--server PATH, else found under .build) on a temporary SQLite file
and a free port on 127.0.0.1, then: signs up through the page, reloads and is still signed in, cannot read the
session cookie from document.cookie (HttpOnly), asks for the JWT path, stops the server (SIGTERM to its PID) and
starts it again on the same file and is still signed in, logs out and is signed out (and the old cookie is dead
on the server). Every wait is bounded; the whole run is stopped after 180 s. Ends with 'N passed, N failed'.
"""
import argparse
import glob
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COOKIE = "authbridge_session"
WAIT = 10  # seconds, for any one page condition
EMAIL = "ada@demo.example"
PASSWORD = "correct horse battery"


def find_server():
    for pattern in (".build/debug/demo-server", ".build/release/demo-server", ".build/*/debug/demo-server",
                    ".build/*/release/demo-server"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            if os.access(path, os.X_OK):
                return path
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DemoServer:
    """The demo-server process, on one SQLite file and one port across restarts."""

    def __init__(self, binary, database, port, log_path):
        self.binary, self.port, self.log_path = binary, port, log_path
        self.environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AUTHBRIDGE_JWT_SECRET": secrets.token_urlsafe(32),
            "AUTHBRIDGE_COOKIE_SECURE": "off",
            "AUTHBRIDGE_STORE_URL": "sqlite:" + database,
            "AUTHBRIDGE_DEMO_PORT": str(port),
            "AUTHBRIDGE_DEMO_BCRYPT_COST": "4",
        }
        self.process = None

    @property
    def url(self):
        return "http://127.0.0.1:%d/" % self.port

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary], env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("demo-server exited with %s; see %s" % (self.process.returncode, self.log_path))
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise RuntimeError("demo-server did not answer within 20 s; see %s" % self.log_path)

    def stop(self):
        """SIGTERM to the PID (graceful shutdown), SIGKILL after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            raise RuntimeError("demo-server ignored SIGTERM for 10 s and was killed")


def dashboard_status(url, cookie_value):
    request = urllib.request.Request(url + "api/dashboard", headers={"Cookie": "%s=%s" % (COOKIE, cookie_value)})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class BrowserRun:
    def __init__(self, server, screenshot):
        self.server, self.screenshot = server, screenshot
        self.old_cookie = None
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=900,700", "--no-first-run", "--disable-extensions"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(WAIT)
        self.driver.set_script_timeout(WAIT)

    def wait_for(self, element_id):
        return WebDriverWait(self.driver, WAIT).until(expected_conditions.visibility_of_element_located((By.ID, element_id)))

    def path_label(self):
        element = self.wait_for("path")
        WebDriverWait(self.driver, WAIT).until(lambda _: element.text.strip() != "")
        return element.text.strip()

    def open_page(self):
        self.driver.get(self.server.url)

    # The steps, in order; each depends on the ones before.

    def signs_up_through_the_page(self):
        self.open_page()
        self.wait_for("signed-out")
        self.driver.find_element(By.ID, "email").send_keys(EMAIL)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD)
        self.driver.find_element(By.ID, "signup").click()
        self.wait_for("signed-in")
        assert self.path_label() == "signed in via session", self.path_label()
        assert self.driver.find_element(By.ID, "who").text == EMAIL
        self.driver.save_screenshot(self.screenshot)

    def is_still_signed_in_after_a_reload(self):
        self.driver.refresh()
        self.wait_for("signed-in")
        assert self.path_label() == "signed in via session", self.path_label()

    def cannot_read_the_session_cookie(self):
        cookie = self.driver.get_cookie(COOKIE)
        assert cookie is not None, "the browser holds no session cookie"
        assert cookie.get("httpOnly") is True, cookie
        assert cookie.get("sameSite") == "Lax", cookie
        visible = self.driver.execute_script("return document.cookie")
        assert COOKIE not in visible and cookie["value"] not in visible, "document.cookie shows the session"
        self.old_cookie = cookie["value"]

    def reaches_the_dashboard_by_jwt_after_login(self):
        self.wait_for("logout").click()
        self.wait_for("signed-out")
        self.driver.find_element(By.ID, "email").send_keys(EMAIL)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD)
        self.driver.find_element(By.ID, "login").click()
        self.wait_for("signed-in")
        new_cookie = self.driver.get_cookie(COOKIE)["value"]
        assert new_cookie != self.old_cookie, "login kept the old session id"
        assert dashboard_status(self.server.url, self.old_cookie) == 401, "the logged-out session still works"
        self.old_cookie = new_cookie
        self.wait_for("use-jwt").click()
        WebDriverWait(self.driver, WAIT).until(lambda _: self.path_label() == "signed in via JWT")
        self.driver.find_element(By.ID, "use-session").click()
        WebDriverWait(self.driver, WAIT).until(lambda _: self.path_label() == "signed in via session")

    def is_still_signed_in_after_a_server_restart(self):
        self.server.stop()
        self.server.start()
        self.driver.refresh()
        self.wait_for("signed-in")
        assert self.path_label() == "signed in via session", self.path_label()

    def is_signed_out_after_logout(self):
        self.wait_for("logout").click()
        self.wait_for("signed-out")
        WebDriverWait(self.driver, WAIT).until(lambda _: self.driver.get_cookie(COOKIE) is None)
        self.driver.refresh()
        self.wait_for("signed-out")
        assert dashboard_status(self.server.url, self.old_cookie) == 401, "the session survived logout on the server"

    def quit(self):
        self.driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", help="the demo-server binary (default: found under .build)")
    parser.add_argument("--screenshot", help="where to save a PNG of the dashboard (default: in the temp dir)")
    arguments = parser.parse_args()
    binary = arguments.server or find_server()
    if not binary or not os.access(binary, os.X_OK):
        print("error: no demo-server binary; build it with 'swift build --product demo-server'", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1

    def give_up(*_):
        raise TimeoutError("the browser test took over 180 s")

    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(180)
    directory = tempfile.mkdtemp(prefix="authbridge-browser-")
    screenshot = arguments.screenshot or os.path.join(directory, "dashboard.png")
    server = DemoServer(binary, os.path.join(directory, "demo.sqlite"), free_port(), os.path.join(directory, "server.log"))
    steps = ["signs_up_through_the_page", "is_still_signed_in_after_a_reload", "cannot_read_the_session_cookie",
             "reaches_the_dashboard_by_jwt_after_login", "is_still_signed_in_after_a_server_restart",
             "is_signed_out_after_logout"]
    passed = failed = 0
    run = None
    try:
        server.start()
        run = BrowserRun(server, screenshot)
        for name in steps:
            if failed:
                print("SKIP %s (an earlier step failed)" % name)
                failed += 1
                continue
            started = time.monotonic()
            try:
                getattr(run, name)()
                passed += 1
                print("PASS %s (%.2f s)" % (name, time.monotonic() - started))
            except Exception:  # noqa: BLE001 - report every failure the same way
                failed += 1
                print("FAIL %s\n%s" % (name, traceback.format_exc()))
    except Exception:  # noqa: BLE001
        failed += 1
        print("FAIL set-up\n%s" % traceback.format_exc())
    finally:
        if run is not None:
            run.quit()
        try:
            server.stop()
        except Exception:  # noqa: BLE001
            failed += 1
            print("FAIL shutdown\n%s" % traceback.format_exc())
        signal.alarm(0)
    if failed and os.path.exists(server.log_path):
        print("--- demo-server log ---")
        print(open(server.log_path, encoding="utf-8", errors="replace").read()[-4000:])
    print("screenshot: %s" % screenshot)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
