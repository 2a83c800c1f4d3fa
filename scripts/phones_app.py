"""Phone voting end to end with the real app (run by scripts/phones-app.sh): the facilitator's
keys through xdotool, a phone through headless chromium, the app's count read from its log."""

import os
import re
import subprocess
import sys
import time

import real_window

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WIDTH, HEIGHT, WAIT = 390, 844, 30


def wait_for(what, check, timeout=WAIT):
    end = time.time() + timeout
    while time.time() < end:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def key(name):
    real_window.key(name)


def projector(out, name):
    path = os.path.join(out, name)
    real_window.shot(path)
    print(f"phones app: saved {path}")


def main():
    out = sys.argv[1]
    app_out, app_log = os.path.join(out, "app.out"), os.path.join(out, "app.log")
    line = wait_for("the app's 'phone voting:' line",
                    lambda: re.search(r"^phone voting: (\S+)$", read(app_out), re.M), 90)
    url = line.group(1)
    print(f"phones app: the app printed {line.group(0)}")
    wait_for("the app's window",
             lambda: subprocess.run(["xdotool", "search", "--name", "^Rapport$"],
                                    capture_output=True).returncode == 0, 60)
    time.sleep(3)
    projector(out, "projector-library-join-card.png")
    # The facilitator: the first scenario, through the briefing, and open the vote.
    key("Return")
    key("Return")
    key("v")

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={WIDTH},{HEIGHT}", "--lang=en-GB"]:
        options.add_argument(arg)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 2.0, "touch": True}})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(url)  # the address with the code joins at once
        # The page redraws its options as the vote opens: wait for the vote, then take the
        # buttons as they are (a button found a moment before may be gone).
        WebDriverWait(driver, WAIT).until(
            lambda d: "open" in d.find_element(By.ID, "status").text.lower())
        buttons = WebDriverWait(driver, WAIT, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, "#options button.option")
                       if b.is_enabled()] or None)
        driver.save_screenshot(os.path.join(out, "phone-vote-open.png"))
        buttons[1].click()
        # The app's own count: its log says what the phones' votes are, as shown.
        wait_for("the phone's vote in the app's count",
                 lambda: re.search(r"phones: 1 joined, 1 voted, \[0, 1(, 0)*\]", read(app_log)))
        driver.save_screenshot(os.path.join(out, "phone-voted.png"))
        time.sleep(1)
        projector(out, "projector-vote-with-phones.png")
        print("phones app: a phone joined, voted, and the app counted it")
    finally:
        driver.quit()
    if os.environ.get("APP_PID"):
        real_window.idle_cpu("phones app: idle with phone voting on")


if __name__ == "__main__":
    main()
