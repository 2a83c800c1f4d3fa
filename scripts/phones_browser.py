"""The phone page in a real browser: Debian's chromium, headless, at a phone's size (390x844),
driven by WebDriver. It joins with the room code, votes, changes the vote, and checks that the
server's tally changed; then joins from the QR code's address at 200 % text. Screenshots go to
the folder given. Run by scripts/phones-browser.sh, which builds the demo server first.

    python3 phones_browser.py DEMO_BINARY SCENARIO OUT_FOLDER
"""

import os
import queue
import re
import subprocess
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

WIDTH, HEIGHT = 390, 844
WAIT = 10


class Demo:
    """The demo server: its join address, its counts, and commands to it."""

    def __init__(self, binary, scenario):
        self.process = subprocess.Popen(
            [binary, "--addr", "127.0.0.1:0", "--scenario", scenario, "--seed", "1",
             "--names"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        first = self.process.stdout.readline()
        match = re.match(r"phone voting: (http://[^/]+)/\?code=([A-Z0-9]{6})$", first.strip())
        if not match:
            raise SystemExit(f"no join address from the demo: {first!r}")
        self.base, self.code = match.group(1), match.group(2)
        self.counts = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            if line.startswith("counts: "):
                self.counts.put(line.strip())

    def send(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def wait_for(self, pattern):
        """The first counts line matching `pattern` within the wait, or fail."""
        end = time.monotonic() + WAIT
        seen = []
        while time.monotonic() < end:
            try:
                line = self.counts.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no counts matching {pattern!r}; saw {seen}")

    def stop(self):
        try:
            self.send("quit")
            self.process.wait(timeout=5)
        except (BrokenPipeError, subprocess.TimeoutExpired):
            self.process.kill()


def browser(text_zoom=None):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", f"--window-size={WIDTH},{HEIGHT}", "--lang=en-GB"]:
        options.add_argument(arg)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": 2.0, "touch": True},
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36",
    })
    if text_zoom:
        # The phone's own text size setting: a larger default font, which rem units follow.
        size = round(16 * text_zoom / 100)
        options.add_experimental_option("prefs", {
            "webkit.webprefs.default_font_size": size,
            "webkit.webprefs.default_fixed_font_size": size,
        })
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def until(driver, check, what):
    try:
        wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))
        return wait.until(lambda d: check(d))
    except Exception as e:
        raise AssertionError(f"timed out waiting for {what}: {e}") from None


def status(driver):
    return driver.find_element(By.ID, "status").text


def options(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#options button.option")


def shot(driver, out, name):
    path = os.path.join(out, name)
    driver.save_screenshot(path)
    print(f"phones browser: saved {path}")


def check_fits(driver, what):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{what}: the page is {width} px wide, wider than the phone"


def tapped(driver, n):
    """Tap the option shown `n`th (1-based)."""
    button = options(driver)[n - 1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def main():
    binary, scenario, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    demo = Demo(binary, scenario)
    driver = None
    try:
        driver = browser()
        # The bare address asks for the code.
        driver.get(demo.base + "/")
        until(driver, lambda d: d.find_element(By.ID, "code").is_displayed(), "the code field")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en-GB"
        shot(driver, out, "phone-1-join.png")
        box = driver.find_element(By.ID, "code")
        box.send_keys("wrong1")
        driver.find_element(By.CSS_SELECTOR, "#join-form button").click()
        until(driver, lambda d: "not the room code" in d.find_element(By.ID, "join-error").text,
              "the wrong code refused")
        box.clear()
        box.send_keys(demo.code.lower())
        driver.find_element(By.CSS_SELECTOR, "#join-form button").click()
        until(driver, lambda d: d.find_element(By.ID, "room").is_displayed(), "joining")
        demo.wait_for(r"joined=1 ")
        until(driver, lambda d: status(d).startswith("Vote closed"), "the vote closed")
        count = len(options(driver))
        assert count >= 2, f"{count} options shown"
        check_fits(driver, "closed")
        # The facilitator allows first names: one given here reaches the facilitator only.
        until(driver, lambda d: d.find_element(By.ID, "name-form").is_displayed(), "names")
        shot(driver, out, "phone-2-closed-with-name-field.png")
        driver.find_element(By.ID, "name").send_keys("Sam")
        driver.find_element(By.CSS_SELECTOR, "#name-form button").click()
        demo.wait_for(r'names=\["Sam"\]')
        until(driver, lambda d: not d.find_element(By.ID, "name-form").is_displayed(),
              "the name field to go")
        assert "Sam" in driver.find_element(By.ID, "named").text
        shot(driver, out, "phone-3-closed.png")

        demo.send("open")
        until(driver, lambda d: status(d).startswith("Vote open"), "the vote to open")
        shot(driver, out, "phone-4-open.png")
        open_ones = [i + 1 for i, b in enumerate(options(driver))
                     if b.get_attribute("aria-disabled") != "true"]
        first, second = open_ones[1], open_ones[0]
        tapped(driver, first)
        until(driver, lambda d: options(d)[first - 1].get_attribute("aria-pressed") == "true",
              "the vote to show")
        line = demo.wait_for(r"voted=1 ")
        shown = [int(n) for n in re.search(r"shown=\[([0-9, ]*)\]", line).group(1).split(",")]
        assert shown[first - 1] == 1 and sum(shown) == 1, f"the tally after a tap: {line}"
        print(f"phones browser: tapped option {first}: {line}")
        shot(driver, out, "phone-5-voted.png")

        tapped(driver, second)
        line = demo.wait_for(rf"voted=1 shown=\[{', '.join('1' if i + 1 == second else '0' for i in range(count))}\]")
        print(f"phones browser: changed to option {second}: {line}")

        demo.send("close")
        until(driver, lambda d: status(d).startswith("Vote closed"), "the vote to close")
        tapped(driver, first)
        until(driver, lambda d: "not open now" in d.find_element(By.ID, "vote-error").text,
              "a tap on a closed vote refused")
        assert options(driver)[second - 1].get_attribute("aria-pressed") == "true"
        shot(driver, out, "phone-6-closed-after-voting.png")

        demo.send("next")
        until(driver, lambda d: all(b.get_attribute("aria-pressed") == "false"
                                    for b in options(d)), "the next decision")
        # A locked option is shown as the projector shows it, and takes no vote.
        demo.send("locked")
        until(driver, lambda d: any(b.get_attribute("class") == "option locked"
                                    for b in options(d)), "a locked option")
        locked = next(i + 1 for i, b in enumerate(options(driver))
                      if b.get_attribute("class") == "option locked")
        assert "Locked: " in options(driver)[locked - 1].text
        tapped(driver, locked)
        until(driver, lambda d: "locked" in d.find_element(By.ID, "vote-error").text,
              "a tap on a locked option refused")
        shot(driver, out, "phone-7-locked-option.png")
        demo.send("waiting")
        until(driver, lambda d: d.find_element(By.ID, "waiting").is_displayed(), "waiting")
        shot(driver, out, "phone-8-waiting.png")
        driver.quit()

        # The QR code's address joins at once; at 200 % text everything still fits.
        driver = browser(text_zoom=200)
        demo.send("open")
        driver.get(f"{demo.base}/?code={demo.code}")
        until(driver, lambda d: d.find_element(By.ID, "room").is_displayed(),
              "joining from the QR code's address")
        font = driver.execute_script(
            "return getComputedStyle(document.documentElement).fontSize")
        assert font == "32px", f"the larger text setting did not apply: {font}"
        until(driver, lambda d: status(d).startswith("Vote open"), "the vote open")
        demo.wait_for(r"joined=2 ")
        check_fits(driver, "large text")
        shot(driver, out, "phone-9-large-text.png")
        last = options(driver)[-1]
        driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", last)
        shot(driver, out, "phone-10-large-text-options.png")
        print("phones browser: ok")
    finally:
        if driver:
            driver.quit()
        demo.stop()


if __name__ == "__main__":
    main()
