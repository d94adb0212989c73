# A Selenium Python suite (Debian's python3-selenium and chromedriver) run as
# `silentcors watch -- python3 selenium-suite.py`. Its one line for
# silentcors is the browser binary: $SILENTCORS_CHROMIUM. It fails (exit 1,
# or $SUITE_FAILURE_EXIT) when a page's fetch failed, as a real suite's
# assertion would.
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

frontend = os.environ["FIXTURE_FRONTEND"]

options = webdriver.ChromeOptions()
options.add_argument("--headless=new")
# [readme:selenium-binary]
options.binary_location = os.environ["SILENTCORS_CHROMIUM"]
# [/readme:selenium-binary]
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures = []
try:
    for path in ["/refused.html", "/passing.html"]:
        driver.get(frontend + path)
        WebDriverWait(driver, 20).until(lambda d: d.title == "done")
        outcome = driver.find_element("tag name", "body").text
        if not outcome.startswith("ok"):
            failures.append(path + ": " + outcome)
finally:
    driver.quit()
for failure in failures:
    print("FAILED " + failure, file=sys.stderr)
sys.exit(int(os.environ.get("SUITE_FAILURE_EXIT", "1")) if failures else 0)
