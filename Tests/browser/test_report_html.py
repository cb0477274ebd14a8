#!/usr/bin/env python3
"""Renders `authbridge report --format html` in headless Chromium: the page must render its chart and tables,
log no console errors, load nothing from outside, and a screenshot is taken.

Usage: test_report_html.py BUILD_DIR [SCREENSHOT.png]
BUILD_DIR holds the built `authbridge` and `UsageBenchmark` executables (e.g. .build/debug).
"""
import os, subprocess, sys, tempfile, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

build = sys.argv[1]
screenshot = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.gettempdir(), "authbridge-report.png")
passed, failed = 0, 0


def check(condition, name):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}")


with tempfile.TemporaryDirectory() as work:
    store = os.path.join(work, "authbridge.sqlite")
    page = os.path.join(work, "report.html")
    subprocess.run([os.path.join(build, "UsageBenchmark"), "generate", store, "60000", "14", "12"], check=True, timeout=300)
    result = subprocess.run(
        [os.path.join(build, "authbridge"), "report", "--store", "sqlite:" + store, "--since", "7d", "--format", "html", "--output", page],
        capture_output=True, text=True, timeout=120)
    check(result.returncode == 0, f"authbridge report exits 0 ({result.stderr.strip()})")
    html = open(page, encoding="utf-8").read()
    bare = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    check("http://" not in bare and "https://" not in bare, "no external URL in the page")

    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Debian's chromium and chromedriver, named explicitly so selenium never tries to download a browser.
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        driver.set_page_load_timeout(30)
        driver.get("file://" + page)
        time.sleep(0.5)
        check(driver.title == "AuthBridge usage", f"title is 'AuthBridge usage' ({driver.title!r})")
        width = driver.execute_script("return document.querySelector('svg').getBoundingClientRect().width")
        check(width and width > 300, f"the chart renders ({width} px wide)")
        lines = driver.execute_script("return document.querySelectorAll('svg polyline').length")
        check(lines >= 1, f"the chart draws JWT share lines ({lines})")
        rows = driver.execute_script("return document.querySelectorAll('table')[0].querySelectorAll('tbody tr').length")
        check(rows == 12, f"the readiness table has one row per route ({rows})")
        verdicts = driver.execute_script(
            "return Array.from(document.querySelectorAll('.badge')).map(b => b.textContent)")
        check(set(verdicts) <= {"ready", "blocked", "dry-run"} and {"ready", "blocked"} <= set(verdicts), f"verdict badges ({sorted(set(verdicts))})")
        resources = driver.execute_script("return performance.getEntriesByType('resource').length")
        check(resources == 0, f"the page loads no other resource ({resources})")
        errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
        check(not errors, f"no console errors ({errors})")
        driver.save_screenshot(screenshot)
        check(os.path.getsize(screenshot) > 10_000, f"screenshot taken: {screenshot}")
    finally:
        driver.quit()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
