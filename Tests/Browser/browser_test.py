#!/usr/bin/env python3
"""Browser tests of the web app with headless Chromium (Debian's chromium + chromium-driver),
driven through Selenium.

    python3 Tests/Browser/browser_test.py OUTFALLS_BINARY ARTIFACTS_DIR

Creates a sample registry with a planner, starts `outfalls serve` on a free port, and as a
planner would: signs in, clicks the map on a point in the county-seat intake's level-1 zone,
reads the prohibited verdict in the report, and downloads the outfalls as KML (read back with
ogrinfo). Screenshots of the map and of the report go to ARTIFACTS_DIR. Exits 1 on failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BINARY, ARTIFACTS = sys.argv[1], sys.argv[2]
# In the county-seat intake's level-1 zone (the CLI demo's point), in EPSG:4545 metres.
LEVEL1_LON, LEVEL1_LAT = 109.2294705, 24.6885747
PASSWORD = "correct-horse-battery"


def run(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw)


def public_site(driver, base, db, work):
    """The public site as a visitor sees it, at desktop width and on a 390 px phone: the map
    shows the outfalls (Leaflet), an outfall's page shows only published fields, and a tip
    sent from the phone (its GPS position, a photo) gets a tracking number whose page says 已收到."""
    wait = WebDriverWait(driver, 20)
    run(BINARY, "publication", "phone", "0772-7612345", "--db", db)
    allowed = {"f-name", "f-code", "f-type", "f-location", "f-river", "f-unit", "f-standard", "f-phone", "f-state"}
    photo = os.path.join(work, "tip-photo.jpg")
    run("python3", "-c", "import sys; from PIL import Image; Image.new('RGB', (800, 600), (60, 90, 40)).save(sys.argv[1], 'JPEG')", photo)
    for width, suffix in ((1350, "desktop"), (390, "phone")):
        driver.set_window_size(width, 900)
        for name, path, heading in (("public-home", "/public", "整治进度"), ("public-stats", "/public/stats", "排污口数量"), ("public-list", "/public/outfalls", "排污口名录")):
            driver.get(base + path)
            body = driver.find_element(By.TAG_NAME, "body").text
            assert heading in body and "示意数据" in body, "%s: %s" % (path, body[:300])
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 2, "%s is %d px too wide at %d" % (path, overflow, width)
            driver.save_screenshot(os.path.join(ARTIFACTS, "%s-%s.png" % (name, suffix)))
        driver.get(base + "/public/map")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "path.outfall-dot")) >= 42)
        status = driver.find_element(By.ID, "map-status").text
        assert "42" in status and "示意" in status, status
        assert "示意数据" in driver.find_element(By.ID, "schematic-banner").text
        time.sleep(0.3)
        driver.save_screenshot(os.path.join(ARTIFACTS, "public-map-%s.png" % suffix))
        # The last dot drawn is on top of any it overlaps.
        driver.find_elements(By.CSS_SELECTOR, "path.outfall-dot")[-1].click()
        link = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".map-popup a")))
        href = link.get_attribute("href")
        assert re.search(r"/public/outfalls/\d+$", href), href
        driver.get(href)
        rows = [r.get_attribute("id") for r in driver.find_elements(By.CSS_SELECTOR, "#public-fields tr")]
        assert rows and set(rows) <= allowed, rows
        text = driver.find_element(By.TAG_NAME, "body").text
        assert "0772-7612345" in text and "受纳水体" in text, text[:400]
        for secret in ("说明", "备注", "联系人", "排查照片"):
            assert secret not in text, secret
        assert not driver.find_elements(By.CSS_SELECTOR, "img[src^='/attachments/']")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, "outfall page %d px too wide at %d" % (overflow, width)
        driver.save_screenshot(os.path.join(ARTIFACTS, "public-outfall-%s.png" % suffix))

    # A tip from a 390 px phone, located by its GPS (emulated through the DevTools protocol).
    driver.set_window_size(390, 844)
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 24.6200, "longitude": 109.2393, "accuracy": 8})
    driver.get(base + "/public/tips/new")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tip-map path.outfall-dot")) >= 42)
    driver.find_element(By.ID, "use-gps").click()
    wait.until(lambda d: d.find_element(By.ID, "tip-lat").get_attribute("value") != "")
    assert abs(float(driver.find_element(By.ID, "tip-lat").get_attribute("value")) - 24.62) < 1e-4
    assert driver.find_element(By.ID, "tip-source").get_attribute("value") == "gps"
    driver.find_element(By.ID, "tip-description").send_keys("河边暗管排出黑水，有臭味")
    driver.find_element(By.ID, "tip-photos").send_keys(photo)
    driver.find_element(By.ID, "tip-name").send_keys("浏览器举报人")
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, "tip form %d px too wide at 390" % overflow
    driver.save_screenshot(os.path.join(ARTIFACTS, "public-tip-form-phone.png"))
    driver.find_element(By.ID, "tip-submit").click()
    number = wait.until(EC.presence_of_element_located((By.ID, "tracking-number"))).text
    assert re.fullmatch(r"[0-9A-Z]{12}", number), number
    assert driver.find_element(By.ID, "tip-state").text == "已收到"
    assert "浏览器举报人" not in driver.find_element(By.TAG_NAME, "body").text
    driver.save_screenshot(os.path.join(ARTIFACTS, "public-tip-received-phone.png"))
    listed = run(BINARY, "tips", "show", number, "--format", "json", "--db", db).stdout
    assert '"photos"' in listed and "sha256" in listed and "浏览器举报人" not in listed, listed
    print("public site: map, outfall page and a tip from a 390 px phone (tracking number %s)" % number)
def inspection_pages(driver, base, db):
    """双随机: the signed-in planner draws through the form at desktop width and publishes; the
    public reads the draw on a 390 px phone, with nothing wider than the screen."""
    for name, township in (("a1", "大埔镇"), ("a2", "凤山镇"), ("a3", "六塘镇")):
        run(BINARY, "user", "add", name, "--role", "inspector", "--township", township, "--password-stdin", "--db", db, input=PASSWORD + "\n")
    driver.set_window_size(1350, 900)
    driver.get(base + "/inspections")
    form = driver.find_element(By.ID, "draw-form")
    form.find_element(By.NAME, "seed").send_keys("浏览器测试 07-19-23")
    form.find_element(By.NAME, "objects").send_keys("3")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "publish-form")))
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "浏览器测试 07-19-23" in body and "待检查" in body, body[:500]
    rows = driver.find_elements(By.CSS_SELECTOR, "table.picks tbody tr")
    assert len(rows) == 3, "expected 3 drawn objects, saw %d" % len(rows)
    driver.save_screenshot(os.path.join(ARTIFACTS, "inspection-desktop.png"))
    driver.find_element(By.CSS_SELECTOR, "#publish-form button").click()
    WebDriverWait(driver, 20).until(lambda d: "已公开" in d.find_element(By.TAG_NAME, "body").text)
    driver.delete_all_cookies()
    driver.set_window_size(390, 900)
    driver.get(base + "/public/inspections")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "双随机抽查公开" in body and "浏览器测试 07-19-23" in body, body[:500]
    assert "退出" not in body and "planner1" not in body, "the public page shows a signed-in header"
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.picks tbody tr")) == 3
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, "/public/inspections is %d px wider than a 390 px phone" % overflow
    driver.save_screenshot(os.path.join(ARTIFACTS, "public-inspections-phone.png"))
    print("inspection draw, publish and the public page at 390 px")


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="outfalls-browser-")
    db = os.path.join(work, "registry.sqlite")
    run(BINARY, "init", "--sample", "--db", db)
    run(BINARY, "user", "add", "planner1", "--role", "planner", "--password-stdin", "--db", db, input=PASSWORD + "\n")
    # A remediation case, so that the progress page has something to show.
    run(BINARY, "abnormal", "add", "1", "--reason", "旱天直排", "--at", "2023-05-01", "--db", db)
    run(BINARY, "case", "open", "1", "--class", "规范整治", "--department", "住房城乡建设局", "--deadline", "2023-08-31", "--at", "2023-05-02", "--db", db)
    server = subprocess.Popen([BINARY, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    driver = None
    try:
        line = server.stdout.readline()
        port = re.search(r"127\.0\.0\.1:(\d+)/", line).group(1)
        base = "http://127.0.0.1:%s" % port
        options = Options()
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN"):
            options.add_argument(flag)
        downloads = os.path.join(work, "downloads")
        os.makedirs(downloads)
        options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 20)

        sign_in(driver, wait, base, "planner1")

        # The slippy map; find where the level-1 point is on screen and click there.
        wait.until(lambda d: d.execute_script("return document.getElementById('map').getAttribute('data-ready')") == "1")
        mapel = driver.find_element(By.ID, "map")
        driver.save_screenshot(os.path.join(ARTIFACTS, "map.png"))
        driver.execute_script("window.outfallsMap.zoomTo(arguments[0], arguments[1], 15)", LEVEL1_LON, LEVEL1_LAT)
        time.sleep(0.5)
        sx, sy = driver.execute_script("return window.outfallsMap.screenPoint(arguments[0], arguments[1])", LEVEL1_LON, LEVEL1_LAT)
        # The click must reach the map itself (zone, river), not an outfall's symbol, which opens its popup.
        under = driver.execute_script("const e = document.elementFromPoint(arguments[0], arguments[1]); return (e.getAttribute('class') || '') + ''", sx, sy)
        assert "leaflet-interactive" not in under, "the click would land on a feature: " + under
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-zoomed.png"))
        rect = driver.execute_script("const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
        ActionChains(driver).move_to_element_with_offset(mapel, int(sx - rect[0] - rect[2] / 2), int(sy - rect[1] - rect[3] / 2)).click().perform()
        verdict = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#check-result #verdict")))
        assert verdict.get_attribute("data-verdict") == "prohibited", verdict.text
        findings = driver.find_element(By.ID, "check-findings").text
        assert "第六十四条" in findings, findings[:500]
        print("clicked the level-1 zone on the map:", verdict.text)
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-check.png"))
        driver.find_element(By.ID, "check-report-link").click()
        verdict = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#report #verdict")))
        assert verdict.get_attribute("data-verdict") == "prohibited", verdict.text
        report = driver.find_element(By.ID, "report").text
        assert "第六十四条" in report, report[:500]
        driver.save_screenshot(os.path.join(ARTIFACTS, "report.png"))

        # The same place typed in, as GCJ-02 from AMap, gives the same verdict.
        driver.get(base + "/check?lon=%s&lat=%s&datum=cgcs2000&type=industrial_enterprise" % (LEVEL1_LON, LEVEL1_LAT))
        assert driver.find_element(By.ID, "verdict").get_attribute("data-verdict") == "prohibited"

        # Download the outfalls as KML from the downloads page.
        driver.get(base + "/downloads")
        link = driver.find_element(By.CSS_SELECTOR, "a[href='/downloads/outfalls.kml']")
        link.click()
        path = os.path.join(downloads, "outfalls.kml")
        for _ in range(100):
            if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
                break
            time.sleep(0.1)
        info = run("ogrinfo", "-ro", "-al", "-so", path).stdout
        count = sum(int(n) for n in re.findall(r"Feature Count: (\d+)", info))
        assert count == 42, info
        shutil.copy(path, os.path.join(ARTIFACTS, "outfalls.kml"))
        print("downloaded outfalls.kml:", count, "placemarks")

        # The supervision pages at desktop width and on a 390 px phone: what they show, and no
        # page wider than the phone (wide tables scroll inside their own box).
        pages = [
            ("ledger", "/ledger", "排查台账"),
            ("progress", "/progress?as_of=2023-12-31", "整治进度"),
            ("surveys", "/surveys", "排查记录"),
            ("dossier", "/outfalls/1/dossier", "一口一档"),
        ]
        for width, suffix in ((1350, "desktop"), (390, "phone")):
            driver.set_window_size(width, 900)
            for name, path, heading in pages:
                driver.get(base + path)
                body = driver.find_element(By.TAG_NAME, "body").text
                assert heading in body, "%s: %s missing: %s" % (path, heading, body[:300])
                if name == "progress":
                    assert "住房城乡建设局" in body and "逾期" in body, body[:500]
                    assert driver.find_elements(By.CSS_SELECTOR, "svg.bar"), "no progress bars"
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                wide = driver.execute_script(
                    "const out = []; for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect();"
                    " if (r.right > window.innerWidth + 2 && !e.closest('.scroll, .wrap')) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }"
                    " return out.slice(0, 8);")
                assert overflow <= 2, "%s is %d px wider than a %d px window: %s" % (path, overflow, width, wide)
                driver.save_screenshot(os.path.join(ARTIFACTS, "%s-%s.png" % (name, suffix)))
        print("supervision pages fit at 1350 px and 390 px")
        monitoring_pages(driver, base, db, downloads)
        public_site(driver, base, db, work)
        slippy_map(driver, wait, base, work)
        inspection_pages(driver, base, db)
        # Last: an approved application adds an outfall, which the steps above count. The
        # inspection step ended signed out, as the public.
        sign_in(driver, wait, base, "planner1")
        applications_in_browser(driver, base)
        print("browser tests passed; screenshots in", ARTIFACTS)
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


MONITORING_SAMPLES = """point,sampled_at,parameter,value,unit,kind
O-01,2024-06-24 08:00,COD,50,mg/L,composite
O-01,2024-06-25 08:00,COD,75,mg/L,composite
融江大埔断面（示意）,2024-06-25 09:00,DO,5.5,mg/L,spot
融江大埔断面（示意）,2024-06-25 09:00,NH3-N,1.2,mg/L,spot
"""


def sign_in(driver, wait, base, name):
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    who = wait.until(EC.presence_of_element_located((By.ID, "who")))
    assert name in who.text, who.text
    print("signed in as", who.text)


def monitoring_pages(driver, base, db, downloads):
    """The monitoring pages as a signed-in person sees them at desktop and phone width: the
    chart with its limit line inside the window, the assessment, the assumptions, and the
    XLSX download read back with openpyxl."""
    import openpyxl
    path = os.path.join(os.path.dirname(db), "monitoring.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(MONITORING_SAMPLES)
    run(BINARY, "samples", "import", path, "--db", db)
    for width, suffix in ((1350, "desktop"), (390, "phone")):
        driver.set_window_size(width, 900)
        driver.get(base + "/monitoring")
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "监测概况" in body and "按河流" in body and "模型假设" in body, body[:400]
        section = driver.find_element(By.XPATH, "//a[contains(@href, '/monitoring/sections/') and contains(., '融江大埔')]").get_attribute("href")
        for name, url, expected in (("monitoring-outfall", base + "/monitoring/outfalls/1", ["GB 18918-2002", "超标", "评价口径"]),
                                    ("monitoring-section", section, ["IV类", "模型假设", "溶解氧"])):
            driver.get(url)
            body = driver.find_element(By.TAG_NAME, "body").text
            for text in expected:
                assert text in body, "%s: %s missing: %s" % (url, text, body[:400])
            charts = driver.find_elements(By.CSS_SELECTOR, ".chart svg")
            assert charts, "no chart on " + url
            right = driver.execute_script("return arguments[0].getBoundingClientRect().right", charts[0])
            assert right <= width + 2, "%s: chart reaches %d px in a %d px window" % (url, right, width)
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 2, "%s is %d px wider than a %d px window" % (url, overflow, width)
            driver.save_screenshot(os.path.join(ARTIFACTS, "%s-%s.png" % (name, suffix)))
    driver.get(base + "/monitoring/outfalls/1")
    assert "限值 60" in driver.find_element(By.CSS_SELECTOR, ".chart svg").get_attribute("innerHTML")
    driver.find_element(By.ID, "assessment-xlsx").click()
    target = os.path.join(downloads, "assessment-1.xlsx")
    for _ in range(100):
        if os.path.exists(target) and not os.path.exists(target + ".crdownload"):
            break
        time.sleep(0.1)
    rows = list(openpyxl.load_workbook(target)["评价结果"].iter_rows(values_only=True))
    assert any(r[12] == "超标" and r[13] == 0.25 for r in rows[1:]), rows
    print("monitoring pages fit at 1350 px and 390 px; assessment.xlsx read back:", len(rows) - 1, "rows")
def page_left(element):
    """Whether `element`'s page has been replaced. Chrome reports a node of a page just left
    either as stale or, mid-navigation, as "does not belong to the document" (a plain
    WebDriverException that EC.staleness_of lets through and the test died of)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def applications_in_browser(driver, base):
    """A planner files an application in the river management area through the form, is
    refused a decision before the water authority's opinion, records it, approves and publishes;
    the list, the case and the public page fit a 390 px phone and the public one names no staff."""
    from selenium.webdriver.support.ui import Select

    def submit(selector):
        # Wait for the next page, so that nothing is read from the one just left.
        old = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, selector).click()
        WebDriverWait(driver, 20).until(lambda _: page_left(old))

    driver.set_window_size(1350, 900)
    # From the check report of the place (as after a map click) to the prefilled filing form.
    driver.get(base + "/check?lon=109.23466&lat=24.64872&datum=cgcs2000&type=industrial_enterprise")
    submit("#file-application")
    assert driver.find_element(By.NAME, "lon").get_attribute("value").startswith("109.23466"), "lon not prefilled"
    assert Select(driver.find_element(By.NAME, "type")).first_selected_option.get_attribute("value") == "industrial_enterprise"
    Select(driver.find_element(By.NAME, "kind")).select_by_value("new")
    for name, value in (("applicant", "91450222MA5KCNPQ1N"), ("applicant_name", "柳城某造纸有限公司"), ("capacity", "900"), ("receiving_water", "融江")):
        driver.find_element(By.NAME, name).send_keys(value)
    submit("#application-form button[type=submit]")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "受理时核查（存档）" in body and "河道管理范围" in body and "尚缺" in body, body[:800]
    case_url = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#decide-form input[value=approve]").click()
    driver.find_element(By.CSS_SELECTOR, "#decide-form textarea[name=reason]").send_keys("符合规划")
    submit("#decide-form button[type=submit]")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "水利局" in body and "不能" in body, "no refusal before the opinion: " + body[:500]
    driver.get(case_url)
    Select(driver.find_element(By.CSS_SELECTOR, "#consult-form select[name=authority]")).select_by_value("water")
    driver.find_element(By.CSS_SELECTOR, "#consult-form textarea[name=opinion]").send_keys("同意，不得影响行洪")
    submit("#consult-form button[type=submit]")
    driver.find_element(By.CSS_SELECTOR, "#decide-form input[value=approve]").click()
    driver.find_element(By.CSS_SELECTOR, "#decide-form textarea[name=reason]").send_keys("水利局同意，论证结论可行")
    submit("#decide-form button[type=submit]")
    assert driver.find_element(By.ID, "state").text == "已决定", driver.find_element(By.TAG_NAME, "body").text[:500]
    assert "同意" in driver.find_element(By.ID, "decision").text
    submit("#publish-form button")
    assert driver.find_element(By.ID, "state").text == "已公开"
    print("filed, consulted, approved and published an application in the browser")
    for width, suffix in ((1350, "desktop"), (390, "phone")):
        driver.set_window_size(width, 900)
        for name, path, heading in (("applications", "/applications", "排污口设置审批与登记"), ("application", case_url[len(base):], "受理时核查"),
                                    ("public-applications", "/public/applications", "审批决定与登记公开")):
            driver.get(base + path)
            body = driver.find_element(By.TAG_NAME, "body").text
            assert heading in body and "柳城某造纸有限公司" in body, "%s: %s" % (path, body[:300])
            if name == "public-applications":
                assert "planner1" not in body, "a staff name on the public page"
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 2, "%s is %d px wider than a %d px window" % (path, overflow, width)
            driver.save_screenshot(os.path.join(ARTIFACTS, "%s-%s.png" % (name, suffix)))
    print("application pages fit at 1350 px and 390 px")
def slippy_map(driver, wait, base, work):
    """The home page's map at desktop and phone width, as a planner sees it: features drawn,
    names on the map, legend, scale bar, north arrow, the schematic label, the colouring
    switch (verdict, case state, density), and no page wider than the phone. Then the check
    report printed to PDF (Chromium's own print), read back with pdftotext: the map sheet
    with its legend, the issuing unit and page numbers."""
    def visible(selector):
        return driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).filter(e => { const r = e.getBoundingClientRect();"
            " const m = document.getElementById('map').getBoundingClientRect();"
            " return getComputedStyle(e).display !== 'none' && r.width > 0 && r.left < m.right && r.right > m.left && r.top < m.bottom && r.bottom > m.top; }).length", selector)

    for width, suffix in ((1350, "desktop"), (390, "phone")):
        driver.set_window_size(width, 900)
        driver.get(base + "/")
        wait.until(lambda d: d.execute_script("return document.getElementById('map').getAttribute('data-ready')") == "1")
        shapes = driver.execute_script("return document.querySelectorAll('.leaflet-overlay-pane path').length")
        assert shapes > 42 + 11 + 16, "%s: only %d shapes drawn" % (suffix, shapes)
        legend = driver.find_element(By.ID, "map-legend")
        if "folded" in legend.get_attribute("class"):
            legend.find_element(By.CSS_SELECTOR, ".legend-toggle").click()
        assert "禁止设置" in legend.text and "饮用水水源一级保护区" in legend.text, legend.text[:300]
        scale = driver.find_element(By.CSS_SELECTOR, ".leaflet-control-scale-line").text
        assert re.match(r"^\d+ (m|km)$", scale), scale
        assert driver.find_element(By.CSS_SELECTOR, ".north-arrow img").is_displayed()
        assert "示意数据" in driver.find_element(By.CSS_SELECTOR, ".map-schematic").text
        driver.execute_script("window.outfallsMap.zoomTo(arguments[0], arguments[1], 14)", LEVEL1_LON, LEVEL1_LAT)
        time.sleep(0.5)
        labels = visible(".map-label.label-outfalls")
        zone_labels = visible(".map-label.label-zones")
        assert labels > 0 and zone_labels > 0, "%s: %d outfall and %d zone labels visible" % (suffix, labels, zone_labels)
        names = driver.execute_script("return Array.from(document.querySelectorAll('.map-label.label-outfalls')).map(e => e.textContent).join('|')")
        assert "排污口" in names or "排口" in names, names[:200]
        mrect = driver.execute_script("const r = document.getElementById('map').getBoundingClientRect(); return [r.width, window.innerWidth]")
        if width == 390:
            assert mrect[0] >= mrect[1] - 40, "map not full width on a phone: %s" % mrect
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, "home page is %d px wider than a %d px window" % (overflow, width)
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-%s.png" % suffix))
        print("map at %d px: %d shapes, %d outfall labels, scale bar %s" % (width, shapes, labels, scale))

    # Colouring by remediation case state (the signed-in planner) and the density view.
    driver.set_window_size(1350, 900)
    driver.get(base + "/")
    wait.until(lambda d: d.execute_script("return document.getElementById('map').getAttribute('data-ready')") == "1")
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("case")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-colour-by") == "case")
    legend = driver.find_element(By.ID, "map-legend").text
    assert "按整治案件状态" in legend and "待整治" in legend and "已销号" in legend, legend[:300]
    # Outfall 1 has an open case (待整治): its symbol is drawn in that state's colour.
    colours = driver.execute_script(
        "const out = []; window.outfallsMap.map.eachLayer(l => { if (l.feature && l.feature.id === 1 && l.options.fillColor) out.push(l.options.fillColor); }); return out;")
    assert "#d7191c" in colours, colours
    driver.save_screenshot(os.path.join(ARTIFACTS, "map-case.png"))
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("density")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-colour-by") == "density")
    cells = driver.execute_script("return Array.from(document.querySelectorAll('.map-label.label-density')).map(e => Number(e.textContent))")
    assert sum(cells) == 42, cells
    assert "个/平方千米" in driver.find_element(By.ID, "map-legend").text
    driver.save_screenshot(os.path.join(ARTIFACTS, "map-density.png"))
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("reach")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-colour-by") == "reach")
    reach_labels = driver.execute_script("return Array.from(document.querySelectorAll('.map-label.label-reach')).map(e => e.textContent)")
    assert any("个/km" in t for t in reach_labels) and "河段排污口密度" in driver.find_element(By.ID, "map-legend").text, reach_labels[:5]
    driver.save_screenshot(os.path.join(ARTIFACTS, "map-reaches.png"))
    print("map coloured as %d density cells and %d reaches by outfalls per km" % (len(cells), len(reach_labels)))

    # The check report printed by Chromium: the map sheet, legend, issuer, page numbers.
    driver.get(base + "/check?lon=%s&lat=%s&type=industrial_enterprise" % (LEVEL1_LON, LEVEL1_LAT))
    import base64
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    path = os.path.join(ARTIFACTS, "check-report.pdf")
    with open(path, "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    text = run("pdftotext", "-layout", path, "-").stdout
    pages = text.split("\f")
    flat = re.sub(r"\s+", "", text)  # lines wrap where the page ends them
    assert "附图：核查位置图" in flat and "出具单位：柳城县生态环境局" in flat, text[:800]
    assert "饮用水水源一级保护区" in flat and "核查位置" in flat, text[:800]
    count = len([p for p in pages if p.strip()])
    # Every page numbered, and no page that holds nothing but its number.
    assert count >= 2 and ("第%d页，共%d页" % (count, count)) in flat and "第1页" in flat, text[-600:]
    bare = [i + 1 for i, p in enumerate(pages) if p.strip() and re.sub(r"\s+", "", p).startswith("第") and len(re.sub(r"\s+", "", p)) < 12]
    assert not bare, "pages with nothing but a page number: %s" % bare
    sheet = [p for p in pages if "附图：核查位置图" in p][0]
    assert sheet.strip().startswith("附图") or "附图：核查位置图" in sheet.split("\n", 3)[0] + sheet.split("\n", 3)[1], "the map sheet's heading is not at the top of its page"
    print("check report printed: %d pages with page numbers and the map sheet" % count)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        sys.exit("browser test failed: %s" % error)
