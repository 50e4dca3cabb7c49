package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/rules"
)

// chromiumPath is where Debian's chromium package installs the browser (.ci/run installs it).
const chromiumPath = "/usr/bin/chromium"

// Bounds the page must keep for three targets and every scenario.
const (
	maxPageBytes  = 2 << 20
	maxRenderTime = time.Second
)

// TestReportPageInChromium writes the report of three targets through the command line (the
// embedded reference with its defaults, the reference with the other documented choices, and a
// broken reference that answers FAILED_PRECONDITION with 409), opens it from disk in headless
// Chromium and uses it as a person would: one row per rule and one cell per target, a filter
// that narrows the rows, a failing cell that shows its exchange, by mouse and by keyboard. No
// request may leave file://. A screenshot is saved under reports/ for a human to look at.
func TestReportPageInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing and CI is set: install Debian's chromium package (apt-get install -y chromium), as .ci/run does", chromiumPath)
		}
		t.Skipf("%s is missing: install Debian's chromium package (apt-get install -y chromium) to run the browser test", chromiumPath)
	}
	if _, err := exec.LookPath(chromiumPath); err != nil {
		t.Fatalf("%s is not executable: %v", chromiumPath, err)
	}

	dir := t.TempDir()
	ref := writeResults(t, dir, "reference")
	other := writeResults(t, dir, "other", "--profile", filepath.Join("..", "..", "profiles", "other-choices.yaml"))
	broken := writeResults(t, dir, "broken", "--target", brokenTarget(t))
	page := filepath.Join(dir, "report.html")
	code, _, stderr := dispatchCLI(t, "report", "--html", page, ref, other, broken)
	require.Equal(t, 0, code, stderr)

	st, err := os.Stat(page)
	require.NoError(t, err)
	assert.Less(t, st.Size(), int64(maxPageBytes), "the page for three targets stays under 2 MB")
	t.Logf("page for three targets: %d bytes (%.2f MB)", st.Size(), float64(st.Size())/(1<<20))

	cat, err := rules.Load()
	require.NoError(t, err)

	ctx, cancel := chromium(t)
	defer cancel()

	var mu sync.Mutex
	var requests []string
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	})

	abs, err := filepath.Abs(page)
	require.NoError(t, err)
	// Render time: the load event of the page, first in a browser that just started, then on
	// reloads (the best of them, the machine being shared); a page with one line, loaded the
	// same way in the same browser, is the baseline.
	blank := filepath.Join(dir, "blank.html")
	require.NoError(t, os.WriteFile(blank, []byte("<!DOCTYPE html><title>blank</title><p>blank</p>"), 0o644))
	require.NoError(t, chromedp.Run(ctx, network.Enable(), chromedp.EmulateViewport(1400, 1000)))
	blankMS := loadTimes(t, ctx, blank, 3)
	pageMS := loadTimes(t, ctx, abs, 4)
	best, bestBlank := slices.Min(pageMS[1:]), slices.Min(blankMS)
	t.Logf("load event of the page: %.0f ms in the fresh browser, %.0f ms at best on reload (%v); a one-line page: %.0f ms (%.1fx)",
		pageMS[0], best, pageMS[1:], bestBlank, best/max(bestBlank, 1))
	assert.Less(t, best, float64(maxRenderTime.Milliseconds()), "the page renders in under a second")

	var (
		rowCount, cellCount  int
		rowsWithThreeCells   bool
		shown, failing       int
		allFailing           bool
		detail, detailTitle  string
		panelHidden          bool
		focusedAfterEscape   string
		focusedAfterArrow    string
		keyboardDetail       string
		verdicts             []string
		overview, screenshot []byte
	)
	err = chromedp.Run(ctx,
		chromedp.CaptureScreenshot(&overview),
		chromedp.Evaluate(`document.querySelectorAll("tr[data-rule]").length`, &rowCount),
		chromedp.Evaluate(`document.querySelectorAll("tr[data-rule] td[data-verdict]").length`, &cellCount),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("tr[data-rule]")).every(r => r.querySelectorAll("td[data-verdict]").length === 3)`, &rowsWithThreeCells),
		chromedp.Evaluate(`Array.from(new Set(Array.from(document.querySelectorAll("td[data-verdict]")).map(c => c.dataset.verdict))).sort()`, &verdicts),

		// A text filter narrows the rows to those that mention it.
		chromedp.SendKeys(`#f-text`, "reclaim", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("tr[data-rule]:not([hidden])").length`, &shown),
		// The verdict filter keeps the rules that fail somewhere (chosen as a person would,
		// which fires the change event; the text filter is cleared the same way).
		chromedp.Evaluate(`(() => {
			const text = document.getElementById("f-text"), verdict = document.getElementById("f-verdict");
			text.value = ""; text.dispatchEvent(new Event("input"));
			verdict.value = "fail"; verdict.dispatchEvent(new Event("change"));
			return document.querySelectorAll("tr[data-rule]:not([hidden])").length;
		})()`, &failing),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("tr[data-rule]:not([hidden])")).every(r => r.querySelector('td[data-verdict="fail"]'))`, &allFailing),

		// Clicking a failing cell shows the failing step, the message and the exchange.
		chromedp.Click(`tr[data-rule="reclaim.only-turned-in"] td[data-verdict="fail"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#detail`, chromedp.ByQuery),
		chromedp.Text(`#detail-title`, &detailTitle, chromedp.ByQuery),
		chromedp.Text(`#detail-body`, &detail, chromedp.ByQuery),
		chromedp.CaptureScreenshot(&screenshot),

		// Escape closes the panel and gives the focus back to the cell; Enter opens another.
		chromedp.KeyEvent("\x1b"),
		chromedp.Evaluate(`document.getElementById("detail").hidden`, &panelHidden),
		chromedp.Evaluate(`document.activeElement.closest("tr").dataset.rule`, &focusedAfterEscape),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.Evaluate(`document.activeElement.closest("tr").dataset.rule`, &focusedAfterArrow),
		chromedp.Focus(`tr[data-rule="errors.envelope"] td[data-verdict="fail"]`, chromedp.ByQuery),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`#detail`, chromedp.ByQuery),
		chromedp.Text(`#detail-body`, &keyboardDetail, chromedp.ByQuery),
	)
	require.NoError(t, err)
	assert.Equal(t, len(cat.Rules), rowCount, "a row per rule of the catalogue")
	assert.Equal(t, 3*rowCount, cellCount, "a cell per target")
	assert.True(t, rowsWithThreeCells)
	assert.Subset(t, verdicts, []string{"fail", "pass"})
	assert.Greater(t, shown, 0, "the text filter keeps the reclaim rules")
	assert.Less(t, shown, rowCount, "the text filter narrows the rows")
	assert.Greater(t, failing, 0)
	assert.Less(t, failing, rowCount)
	assert.True(t, allFailing, "the verdict filter keeps only rules that fail somewhere")

	assert.Contains(t, detailTitle, "reclaim.only-turned-in")
	assert.Contains(t, detail, "Failing step: the request fails with 400 FAILED_PRECONDITION")
	assert.Contains(t, detail, "HTTP status is 409")
	assert.Contains(t, detail, "POST /v1/courses/")
	assert.Contains(t, detail, ":reclaim")
	assert.Contains(t, detail, "HTTP 409")
	assert.True(t, panelHidden, "Escape closes the panel")
	assert.Equal(t, "reclaim.only-turned-in", focusedAfterEscape, "the focus returns to the cell")
	assert.NotEqual(t, "reclaim.only-turned-in", focusedAfterArrow, "the down arrow moves to the next failing cell")
	assert.NotEmpty(t, focusedAfterArrow)
	assert.Contains(t, keyboardDetail, "HTTP 409")

	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, requests, "the network events were listened to")
	for _, u := range requests {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page sent a request to %s", u)
		}
	}

	reports := filepath.Join("..", "..", "reports")
	require.NoError(t, os.MkdirAll(reports, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(reports, "report-three-targets.png"), overview, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(reports, "report-three-targets-failure.png"), screenshot, 0o644))
	t.Logf("screenshots: reports/report-three-targets.png, reports/report-three-targets-failure.png")
}

// loadTimes loads the file n times (a navigation, then reloads) and returns the time of each
// load event, in milliseconds from the start of the navigation.
func loadTimes(t *testing.T, ctx context.Context, path string, n int) []float64 {
	t.Helper()
	out := make([]float64, n)
	for i := range out {
		load := chromedp.Reload()
		if i == 0 {
			load = chromedp.Navigate("file://" + path)
		}
		require.NoError(t, chromedp.Run(ctx, load, chromedp.WaitReady("body", chromedp.ByQuery),
			chromedp.Poll(`performance.getEntriesByType("navigation")[0].loadEventEnd`, &out[i])))
	}
	return out
}

// chromium starts headless Chromium, as root needs it, with a fresh profile and nothing that
// talks to the network in the background.
func chromium(t *testing.T) (context.Context, context.CancelFunc) {
	t.Helper()
	// Chromium's helper processes may still write to the profile for a moment after the browser
	// is gone, which t.TempDir's cleanup would report as an error: remove it with a few retries.
	profile, err := os.MkdirTemp("", "classroom-conformance-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() {
		for i := 0; i < 50 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(format string, args ...any) {
		t.Logf("chromedp: "+format, args...)
	}))
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	return ctx, func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	}
}
