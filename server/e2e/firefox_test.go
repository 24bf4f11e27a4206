package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// marionette is a minimal client of Firefox's Marionette protocol (the WebDriver commands
// over a local TCP socket, messages framed as "<length>:<json>"), enough to load the page and
// run scripts in it.
type marionette struct {
	conn net.Conn
	rd   *bufio.Reader
	id   int
}

func (m *marionette) read() (json.RawMessage, error) {
	n, err := m.rd.ReadString(':')
	if err != nil {
		return nil, err
	}
	size, err := strconv.Atoi(n[:len(n)-1])
	if err != nil {
		return nil, fmt.Errorf("marionette frame length %q", n)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(m.rd, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// call sends one command and returns its result.
func (m *marionette) call(cmd string, params any) (json.RawMessage, error) {
	m.id++
	msg, _ := json.Marshal([]any{0, m.id, cmd, params})
	m.conn.SetDeadline(time.Now().Add(5 * time.Minute))
	if _, err := fmt.Fprintf(m.conn, "%d:%s", len(msg), msg); err != nil {
		return nil, err
	}
	for {
		raw, err := m.read()
		if err != nil {
			return nil, err
		}
		var resp []json.RawMessage
		if err := json.Unmarshal(raw, &resp); err != nil || len(resp) != 4 {
			return nil, fmt.Errorf("marionette reply %s", raw)
		}
		var id int
		json.Unmarshal(resp[1], &id)
		if id != m.id {
			continue
		}
		if string(resp[2]) != "null" {
			return nil, fmt.Errorf("%s: %s", cmd, resp[2])
		}
		return resp[3], nil
	}
}

// startFirefox runs headless Firefox ESR with Marionette on a free port and a fresh profile.
func startFirefox(t *testing.T) *marionette {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe, err := exec.LookPath("firefox-esr")
	if err != nil {
		if exe, err = exec.LookPath("firefox"); err != nil {
			pyref.Unavailable(t, "firefox not installed (apt-get install -y firefox-esr)")
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	profile := t.TempDir()
	prefs := fmt.Sprintf(`user_pref("marionette.port", %d);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("app.update.enabled", false);
user_pref("browser.startup.page", 0);
`, port)
	os.WriteFile(filepath.Join(profile, "user.js"), []byte(prefs), 0o644)
	cmd := exec.Command(exe, "--headless", "--marionette", "--no-remote", "--profile", profile,
		"about:blank")
	cmd.Env = append(os.Environ(), "MOZ_HEADLESS=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var conn net.Conn
	for deadline := time.Now().Add(60 * time.Second); ; {
		conn, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("firefox marionette did not start: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	m := &marionette{conn: conn, rd: bufio.NewReader(conn)}
	t.Cleanup(func() { conn.Close() })
	if _, err := m.read(); err != nil { // the greeting
		t.Fatal(err)
	}
	if _, err := m.call("WebDriver:NewSession", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.call("WebDriver:SetTimeouts", map[string]any{"script": 300000}); err != nil {
		t.Fatal(err)
	}
	return m
}

// js runs an async script (its last argument is the callback) and decodes the value.
func (m *marionette) js(t *testing.T, script string, out any) {
	t.Helper()
	res, err := m.call("WebDriver:ExecuteAsyncScript", map[string]any{
		"script": "const done = arguments[arguments.length - 1];\n" + script, "args": []any{}})
	if err != nil {
		t.Fatal(err)
	}
	var wrap struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(res, &wrap); err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(wrap.Value, out); err != nil {
			t.Fatalf("script result %s: %v", wrap.Value, err)
		}
	}
}

// waitScript is a JavaScript helper that resolves when cond() holds.
const waitScript = `const until = (cond, ms) => new Promise((ok, fail) => {
	const end = Date.now() + ms;
	const tick = () => { try { if (cond()) return ok(); } catch (e) {}
		if (Date.now() > end) return fail(new Error("timeout: " + cond)); setTimeout(tick, 50); };
	tick(); });
`

// TestFirefoxPage loads the page in Firefox ESR, opens a sample, predicts, and compares the
// probabilities with the native prediction; then runs the embedding example's API demo.
func TestFirefoxPage(t *testing.T) {
	dist := distDir(t)
	s := startSite(t, dist)
	m := startFirefox(t)
	if _, err := m.call("WebDriver:Navigate", map[string]any{"url": s.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	var shown map[string]string
	m.js(t, waitScript+`(async () => {
		await until(() => document.documentElement.dataset.uranReady === "1" &&
			document.getElementById("model-task"), 120000);
		await until(() => document.querySelectorAll("#sample option").length > 1, 30000);
		const sel = document.getElementById("sample");
		sel.value = "phantom-oval";
		sel.dispatchEvent(new Event("change", {bubbles: true}));
		await until(() => document.getElementById("mask-summary"), 60000);
		await until(() => !document.getElementById("run").disabled, 30000);
		const runs = +document.getElementById("run-panel").dataset.runs;
		document.getElementById("run").click();
		await until(() => +document.getElementById("run-panel").dataset.runs > runs, 240000);
		const err = document.getElementById("run-error");
		if (err) throw new Error(err.textContent);
		return Object.fromEntries([...document.querySelectorAll(
			"#probabilities td[data-class]")].map(td => [td.dataset.class, td.dataset.probability]));
	})().then(done, e => done({error: String(e)}))`, &shown)
	if e, ok := shown["error"]; ok {
		t.Fatalf("in Firefox: %s", e)
	}
	model, err := defaultModel()
	if err != nil {
		t.Fatal(err)
	}
	pred := nativePredict(t, model, filepath.Join(dist, "samples", "phantom-oval.png"),
		filepath.Join(dist, "samples", "phantom-oval_mask.png"))
	probs := map[string]float64{}
	for c, v := range shown {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("probability %q: %v", v, err)
		}
		probs[c] = f
	}
	sameProbabilities(t, "Firefox, phantom-oval", probs, pred)

	if _, err := m.call("WebDriver:Navigate", map[string]any{"url": s.URL + "/examples/"}); err != nil {
		t.Fatal(err)
	}
	var demo struct {
		Probabilities []float64 `json:"probabilities"`
		FromPixels    []float64 `json:"probabilitiesFromImageData"`
		Error         string    `json:"error"`
	}
	m.js(t, waitScript+`(async () => {
		const ev = document.getElementById("element-events");
		await until(() => ev.textContent.startsWith("Predictor ready"), 120000).catch(() => {
			throw new Error("element: " + ev.textContent + " | " +
				document.getElementById("predictor").shadowRoot.textContent);
		});
		document.getElementById("api-run").click();
		const out = document.getElementById("api-output");
		await until(() => out.dataset.done, 240000);
		if (out.dataset.done !== "1") throw new Error(out.textContent);
		return JSON.parse(out.textContent);
	})().then(done, e => done({error: String(e)}))`, &demo)
	if demo.Error != "" {
		t.Fatalf("embedding example in Firefox: %s", demo.Error)
	}
	if len(demo.Probabilities) == 0 || len(demo.FromPixels) != len(demo.Probabilities) {
		t.Fatalf("embedding example: %+v", demo)
	}
	for i := range demo.Probabilities {
		if d := demo.Probabilities[i] - demo.FromPixels[i]; d > 1e-12 || d < -1e-12 {
			t.Errorf("Firefox: Blob %v vs ImageData %v", demo.Probabilities, demo.FromPixels)
		}
	}
}
